package io.multiprocess.sample;

import io.multiprocess.MultiprocessException;
import io.multiprocess.pool.ResultTimeoutException;
import io.multiprocess.pool.TaskTimeoutException;
import io.multiprocess.pool.WorkerLostException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns the library's failures into JSON answers that say what happened: a worker that died is 502, a
 * task killed at its timeout 504, bad input 400; the service itself keeps running.
 */
@RestControllerAdvice
public class ApiErrors {

    /** Spring's constructor. */
    ApiErrors() {}

    /**
     * A worker process died while running the task (out of memory, {@code System.exit}, killed).
     *
     * @param e the failure
     * @return 502 with {@code error}, {@code message}, {@code worker}, {@code exitCode}
     */
    @ExceptionHandler(WorkerLostException.class)
    public ResponseEntity<Map<String, Object>> workerLost(WorkerLostException e) {
        Map<String, Object> body = body(HttpStatus.BAD_GATEWAY, e);
        body.put("worker", e.pid());
        body.put("exitCode", e.exitCode().isPresent() ? e.exitCode().getAsInt() : null);
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(body);
    }

    /**
     * A task ran over its timeout and was killed with its worker.
     *
     * @param e the failure
     * @return 504 with {@code error}, {@code message}, {@code timeout}
     */
    @ExceptionHandler(TaskTimeoutException.class)
    public ResponseEntity<Map<String, Object>> taskTimeout(TaskTimeoutException e) {
        Map<String, Object> body = body(HttpStatus.GATEWAY_TIMEOUT, e);
        body.put("timeout", e.timeout().toString());
        e.workerPid().ifPresent(pid -> body.put("worker", pid));
        return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).body(body);
    }

    /**
     * A call waited longer than its limit for its result.
     *
     * @param e the failure
     * @return 504 with {@code error}, {@code message}
     */
    @ExceptionHandler(ResultTimeoutException.class)
    public ResponseEntity<Map<String, Object>> resultTimeout(ResultTimeoutException e) {
        return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).body(body(HttpStatus.GATEWAY_TIMEOUT, e));
    }

    /**
     * Bad input.
     *
     * @param e the failure
     * @return 400 with {@code error}, {@code message}
     */
    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<Map<String, Object>> badInput(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(body(HttpStatus.BAD_REQUEST, e));
    }

    /**
     * Any other failure of the library.
     *
     * @param e the failure
     * @return 500 with {@code error}, {@code message}
     */
    @ExceptionHandler(MultiprocessException.class)
    public ResponseEntity<Map<String, Object>> other(MultiprocessException e) {
        return ResponseEntity.internalServerError().body(body(HttpStatus.INTERNAL_SERVER_ERROR, e));
    }

    private static Map<String, Object> body(HttpStatus status, RuntimeException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status.value());
        body.put("error", e.getClass().getSimpleName());
        body.put("message", e.getMessage());
        body.put("service", ProcessHandle.current().pid());
        return body;
    }
}
