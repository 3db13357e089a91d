package io.multiprocess.spring.it;

import io.multiprocess.spring.parallel.ParallelMap;
import java.util.List;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

/** A service whose collaborator is a Spring proxy (a lazy injection point): it cannot go to a worker. */
@Service
public class Audits {

    private final TaxRules rules;

    Audits(@Lazy TaxRules rules) {
        this.rules = rules;
    }

    /**
     * Never runs in a worker: the proxy cannot be sent.
     *
     * @param items amounts
     * @return their taxes
     */
    @ParallelMap
    public List<Long> taxes(List<Long> items) {
        return items.stream().map(rules::tax).toList();
    }
}
