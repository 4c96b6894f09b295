package io.strongroom.mail.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code strongroom.mail.*}.
 *
 * @param from the sender address of every message
 * @param deliveryInterval how often the delivery job looks for due messages
 * @param smtp the SMTP relay; without a host, messages are written to {@code $STRONGROOM_HOME/mail/}
 */
@ConfigurationProperties("strongroom.mail")
record MailProperties(
        @DefaultValue("Strongroom <no-reply@localhost>") String from,
        @DefaultValue("5s") Duration deliveryInterval,
        @DefaultValue Smtp smtp) {

    /**
     * @param host relay host; empty = no SMTP (file delivery)
     * @param port relay port (587 for STARTTLS, 465 for implicit TLS)
     * @param tls {@code starttls} (STARTTLS is required: a relay that does not offer it is refused) or
     *        {@code implicit} (TLS from the first byte); there is no plain-text option
     * @param username optional login
     * @param password optional password
     * @param trustedCertificates optional PEM file of certificates to trust for the relay instead of
     *        the JDK's trust store (a private CA or a self-signed relay); host names are still checked
     * @param timeout connect, read and write timeout
     */
    record Smtp(String host, @DefaultValue("587") int port, @DefaultValue("starttls") String tls,
            String username, String password, String trustedCertificates,
            @DefaultValue("10s") Duration timeout) {

        boolean configured() {
            return host != null && !host.isBlank();
        }

        @Override
        public String toString() {
            return "Smtp[host=" + host + ", port=" + port + ", tls=" + tls + ", username=" + username + "]";
        }
    }
}
