package io.strongroom.sms.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.strongroom.sms.SmsGateway;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SmsProperties.class)
class SmsConfiguration {

    private static final Pattern ALPHANUMERIC_SENDER = Pattern.compile("[A-Za-z0-9 ]{1,11}");
    private static final Pattern NUMERIC_SENDER = Pattern.compile("\\+[1-9][0-9]{5,14}");

    @Bean
    SmsGateway smsGateway(SmsProperties properties, @Value("${strongroom.home}") Path home) {
        List<String> mistakes = check(properties);
        if (!mistakes.isEmpty()) {
            throw new IllegalStateException("The SMS settings are not usable: " + String.join("; ", mistakes));
        }
        return switch (properties.gateway()) {
            case "smpp" -> new SmppSmsGateway(properties.smpp(), properties.sender(), properties.timeout());
            case "https" -> new HttpsSmsGateway(properties.https(), properties.sender(), properties.timeout());
            default -> new FileSmsGateway(home.resolve("sms"));
        };
    }

    /** Every mistake in the settings, each as a sentence naming the setting. */
    static List<String> check(SmsProperties properties) {
        List<String> mistakes = new ArrayList<>();
        if (!List.of("file", "smpp", "https").contains(properties.gateway())) {
            mistakes.add("strongroom.sms.gateway must be file, smpp or https, not " + properties.gateway());
        }
        if (!ALPHANUMERIC_SENDER.matcher(properties.sender()).matches()
                && !NUMERIC_SENDER.matcher(properties.sender()).matches()) {
            mistakes.add("strongroom.sms.sender must be up to 11 letters, digits and spaces, or a number such as +4915112345678");
        }
        if (properties.timeout().isNegative() || properties.timeout().isZero()
                || properties.timeout().compareTo(java.time.Duration.ofMinutes(1)) > 0) {
            mistakes.add("strongroom.sms.timeout must be between 1ms and 1m");
        }
        if ("smpp".equals(properties.gateway())) {
            SmsProperties.Smpp smpp = properties.smpp();
            if (blank(smpp.host())) {
                mistakes.add("strongroom.sms.smpp.host is required for the smpp gateway");
            }
            if (smpp.port() < 1 || smpp.port() > 65535) {
                mistakes.add("strongroom.sms.smpp.port must be between 1 and 65535");
            }
            if (blank(smpp.systemId()) || smpp.systemId().length() > 15) {
                mistakes.add("strongroom.sms.smpp.system-id is required (at most 15 characters, SMPP 3.4)");
            }
            if (blank(smpp.password()) || smpp.password().length() > 8) {
                mistakes.add("strongroom.sms.smpp.password is required (at most 8 characters, SMPP 3.4)");
            }
        }
        if ("https".equals(properties.gateway())) {
            SmsProperties.Https https = properties.https();
            URI url = null;
            try {
                url = blank(https.url()) ? null : URI.create(https.url());
            } catch (IllegalArgumentException malformed) {
                // reported below
            }
            if (url == null || !"https".equals(url.getScheme()) || url.getHost() == null) {
                mistakes.add("strongroom.sms.https.url must be an https:// address");
            }
            if (blank(https.token())) {
                mistakes.add("strongroom.sms.https.token is required for the https gateway");
            }
        }
        return mistakes;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
