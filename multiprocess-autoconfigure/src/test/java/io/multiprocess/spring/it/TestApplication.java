package io.multiprocess.spring.it;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** A small Spring Boot application for the integration tests: web, actuator and the starter's beans. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TestApplication {}
