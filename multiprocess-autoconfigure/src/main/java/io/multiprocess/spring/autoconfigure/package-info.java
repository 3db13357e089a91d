/**
 * Spring Boot auto-configuration of multiprocess-java: a {@link io.multiprocess.context.ProcessContext}
 * bean tuned from {@code multiprocess.*} properties.
 */
package io.multiprocess.spring.autoconfigure;
