package io.multiprocess.spring.test;

import io.multiprocess.spring.autoconfigure.MultiprocessAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessManagerAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessPoolAutoConfiguration;
import io.multiprocess.spring.autoconfigure.ParallelMapAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The smallest application with the starter's process beans and one {@code @ParallelMap} service. */
@SpringBootConfiguration
@ImportAutoConfiguration({
    MultiprocessAutoConfiguration.class,
    MultiprocessPoolAutoConfiguration.class,
    ParallelMapAutoConfiguration.class,
    MultiprocessManagerAutoConfiguration.class
})
@Import(Workers.class)
class WorkersApplication {}
