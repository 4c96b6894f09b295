/**
 * What Strongroom says when it cannot start: one paragraph naming the cause and what to do,
 * instead of a stack trace (Spring Boot failure analyzers, registered in
 * {@code META-INF/spring.factories}).
 */
package io.strongroom.platform.diagnostics;
