package io.multiprocess.sample;

import io.multiprocess.spring.monitor.PoolActivity;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A Spring Boot service that runs work in child JVMs through multiprocess-java. */
@SpringBootApplication
public class SampleApplication {

    /**
     * Starts the service.
     *
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    /**
     * The isolation pool on the dashboard, next to the auto-configured pool: the dashboard draws every
     * {@code PoolActivity} bean.
     *
     * @param tasks the misbehaving tasks and their pool
     * @return the isolation pool's activity
     */
    @Bean
    PoolActivity isolationPoolActivity(MisbehavingTasks tasks) {
        return tasks.activity();
    }
}
