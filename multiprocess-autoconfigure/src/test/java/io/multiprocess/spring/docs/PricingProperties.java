package io.multiprocess.spring.docs;

/** Plain settings that travel to the workers with the bean that holds them. */
public record PricingProperties(int markupPercent) {
}
