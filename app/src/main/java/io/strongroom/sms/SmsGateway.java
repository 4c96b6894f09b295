package io.strongroom.sms;

/**
 * Sends one text message to a phone number. The port of second factors by SMS (A6): identity says
 * what to send, the configured gateway (SMPP, an HTTPS provider or files) hands it over.
 */
public interface SmsGateway {

    /**
     * Hands the message over for delivery; returns once the SMSC or provider accepted it.
     *
     * @param to an E.164 number, for example {@code +4915112345678}
     * @throws SmsUnavailable when it was not accepted (the gateway is down, refused the message or
     *         did not answer in time); nothing is retried here
     */
    void send(String to, String text);

    /** {@code file}, {@code smpp} or {@code https}: for logs and the operator. */
    String kind();
}
