package io.strongroom.platform.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code strongroom.http.*}: transport settings.
 *
 * @param trustedProxies CIDR ranges of reverse proxies whose {@code X-Forwarded-For} and
 *        {@code X-Request-Id} headers are believed; empty = believe no one
 * @param redirectPort optional plain-HTTP port that only redirects to HTTPS; 0 = none
 * @param maxBodySize largest accepted request body
 * @param managementAllowedFrom CIDR ranges allowed to use the actuator endpoints other than health
 *        (metrics, signing-key rotation), matched against the socket peer
 * @param managementToken the bearer token those endpoints also require (at least 32 characters);
 *        empty = generated once into {@code $STRONGROOM_HOME/secrets/management-token}
 */
@ConfigurationProperties("strongroom.http")
public record HttpProperties(
        @DefaultValue List<String> trustedProxies,
        @DefaultValue("0") int redirectPort,
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue({"127.0.0.1/32", "::1/128"}) List<String> managementAllowedFrom,
        String managementToken) {
}
