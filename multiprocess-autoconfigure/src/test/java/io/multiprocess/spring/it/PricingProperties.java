package io.multiprocess.spring.it;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the pricing service: plain data, which travels to the workers with the service.
 *
 * @param markupPercent added to every price
 * @param currency      the currency of quotes
 */
@ConfigurationProperties("pricing")
public record PricingProperties(int markupPercent, String currency) {}
