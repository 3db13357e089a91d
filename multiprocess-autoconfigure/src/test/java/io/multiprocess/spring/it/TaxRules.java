package io.multiprocess.spring.it;

import org.springframework.stereotype.Component;

/** A plain service that the pricing service uses: it travels to the workers too. */
@Component
public class TaxRules {

    private final int percent = 20;

    /**
     * The tax on an amount.
     *
     * @param cents the amount
     * @return the tax, rounded down
     */
    public long tax(long cents) {
        return cents * percent / 100;
    }
}
