package io.strongroom.sms.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code strongroom.sms.*}: which gateway sends text messages, and its connection.
 *
 * @param gateway {@code file} (the default: messages are written under {@code $STRONGROOM_HOME/sms}),
 *        {@code smpp} (a carrier's SMSC, over TLS) or {@code https} (a provider's API)
 * @param sender the sender shown on the phone: up to 11 letters and digits, or a number in E.164
 * @param timeout how long a gateway may take to accept a message
 */
@ConfigurationProperties("strongroom.sms")
record SmsProperties(@DefaultValue("file") String gateway, @DefaultValue("Strongroom") String sender,
        @DefaultValue("10s") Duration timeout, @DefaultValue Smpp smpp, @DefaultValue Https https) {

    /**
     * An SMSC over SMPP 3.4 with TLS (plain SMPP is not offered: it would carry the password and
     * every code in clear). The host name must match the SMSC's certificate.
     *
     * @param trustedCertificates optional PEM file to trust instead of the JDK's authorities
     */
    record Smpp(String host, @DefaultValue("3550") int port, String systemId, String password,
            @DefaultValue("") String systemType, String trustedCertificates) {

        @Override
        public String toString() {
            return "Smpp[" + host + ":" + port + ", " + systemId + ", password=<hidden>]";
        }
    }

    /**
     * A provider's HTTPS API: {@code POST url} with {@code Authorization: Bearer token} and the JSON
     * {@code {"to": "+49…", "from": sender, "text": …}}; any 2xx answer means accepted.
     */
    record Https(String url, String token, String trustedCertificates) {

        @Override
        public String toString() {
            return "Https[" + url + ", token=<hidden>]";
        }
    }
}
