package io.multiprocess.sample;

import io.multiprocess.sample.BatchService.BatchStatus;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Batches of documents compressed and hashed in the pool's worker processes, with their progress. */
@RestController
@RequestMapping("/api/batches")
public class BatchController {

    private final BatchService batches;

    BatchController(BatchService batches) {
        this.batches = batches;
    }

    /**
     * Starts a batch in the background.
     *
     * @param documents how many documents (1 to 1000)
     * @param kilobytes the size of each (1 to 8192)
     * @return the batch as it starts (202 Accepted); poll {@code GET /api/batches/{id}}
     */
    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    public BatchStatus start(
            @RequestParam(defaultValue = "24") int documents, @RequestParam(defaultValue = "1024") int kilobytes) {
        return batches.start(documents, kilobytes);
    }

    /**
     * A batch's progress.
     *
     * @param id its id
     * @return its status; 404 if unknown
     */
    @GetMapping("/{id}")
    public BatchStatus status(@PathVariable String id) {
        return batches.status(id)
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "no batch " + id + " (only the last 20 are kept)"));
    }

    /**
     * The last 20 batches.
     *
     * @return their status, newest last
     */
    @GetMapping
    public List<BatchStatus> all() {
        return batches.all();
    }
}
