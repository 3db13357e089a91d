package io.multiprocess.spring.docs;

import io.multiprocess.spring.parallel.ParallelMap;
import java.util.List;
import org.springframework.stereotype.Service;

// The Spring Boot quick start of the root README; run by ReadmeSpringExamplesIT.
// tag::spring-quick-start[]
@Service
public class ReportRenderer {
    @ParallelMap(chunksize = 10, timeout = "1m")     // each chunk of ids is one call, in a worker process
    public List<String> render(List<Integer> ids) {
        long pid = ProcessHandle.current().pid();
        return ids.stream().map(id -> "report " + id + " rendered by pid " + pid).toList();
    }
}
// end::spring-quick-start[]
