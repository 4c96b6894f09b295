/**
 * Mail: an outbox table written in the same transaction as the change that causes a message, and
 * a cluster-safe job that delivers it over SMTP with TLS required (or to .eml files when no SMTP
 * server is configured). Shared infrastructure; uses only platform and jobs.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Mail")
package io.strongroom.mail;
