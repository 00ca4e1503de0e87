package io.cairn.spring;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A plain Spring Cloud Consul application, as a team would have written it for Consul: it
 * answers {@code GET /hello} with its name and calls other services by name through a
 * load-balanced {@link RestClient}. Nothing in it knows of Cairn.
 */
@SpringBootApplication
@RestController
public class GreetingApp {

    private final String name;

    public GreetingApp(@Value("${spring.application.name}") String name) {
        this.name = name;
    }

    @GetMapping("/hello")
    public String hello() {
        return "hello from " + name;
    }

    @Bean
    @LoadBalanced
    RestClient.Builder loadBalanced() {
        return RestClient.builder();
    }
}
