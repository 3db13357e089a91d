package io.multiprocess.spring.docs;

/** A plain collaborator that travels to the workers with the bean that holds it. */
public class TaxRules {

    /**
     * The tax on an amount.
     *
     * @param cents the amount
     * @return a fifth of it
     */
    public long tax(long cents) {
        return cents / 5;
    }
}
