/**
 * Spring Cloud Consul applications run unchanged against a Cairn cluster: they register with TTL
 * heartbeats through one node and find each other through another, by {@code DiscoveryClient}
 * and a load-balanced {@code RestClient}.
 */
package io.cairn.spring;
