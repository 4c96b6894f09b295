/**
 * SMS: text messages to phone numbers through a carrier's SMSC over SMPP (TLS), a provider's HTTPS
 * API, or — with neither configured, the embedded default — files under {@code $STRONGROOM_HOME/sms}.
 * Shared infrastructure; uses only platform.
 */
@org.springframework.modulith.ApplicationModule(displayName = "SMS")
package io.strongroom.sms;
