package io.multiprocess.spring.docs;

import io.multiprocess.spring.parallel.ParallelMap;
import java.util.List;
import org.springframework.stereotype.Service;

// The @ParallelMap example of multiprocess-autoconfigure/README.md; run by ReadmeSpringExamplesIT.
// tag::parallel-map[]
@Service
public class Pricing {
    private final PricingProperties settings;   // plain data: travels to the workers
    private final TaxRules rules;               // a plain service: travels too

    public Pricing(PricingProperties settings, TaxRules rules) {
        this.settings = settings;
        this.rules = rules;
    }

    @ParallelMap(chunksize = 100, timeout = "2m")
    public List<Quote> quote(List<Order> orders) {   // called once per chunk, in a worker
        return orders.stream().map(this::price).toList();
    }

    private Quote price(Order order) {
        long cents = order.cents() * (100 + settings.markupPercent()) / 100;
        return new Quote(order.item(), cents + rules.tax(cents), ProcessHandle.current().pid());
    }
}
// end::parallel-map[]
