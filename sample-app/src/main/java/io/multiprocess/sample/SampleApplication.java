package io.multiprocess.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

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
}
