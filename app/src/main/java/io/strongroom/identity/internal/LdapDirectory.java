package io.strongroom.identity.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;

/**
 * The LDAP side of a directory sign-in (A7), with the UnboundID LDAP SDK: connect over LDAPS, or over
 * LDAP upgraded by StartTLS before anything else is sent (a server that refuses StartTLS is never
 * sent a password: no downgrade to plain LDAP); the server's certificate must chain to the
 * connection's CA certificate (or the JVM's trust store) and name the host. Then bind as the service
 * account, find the one entry the filter names with the sign-in's values escaped (RFC 4515, so a
 * user name cannot change the filter), and bind as that entry with the password given. Referrals
 * are not followed (they could lead to another server, in plain LDAP); an empty password is refused
 * before the network (an empty simple bind is an anonymous bind that "succeeds").
 */
final class LdapDirectory {

    /** Placeholders of a user filter: what was typed, and its part before the {@code @}. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\{(login|username)}");

    /** A directory as a sign-in reads it (its service password separately). */
    record Directory(java.util.UUID id, String name, String url, String baseDn, String bindDn, String userFilter,
            String emailAttribute, String groupsAttribute, List<String> domains, String caCertificate) {
    }

    /**
     * What the directory said about a sign-in: an accepted one carries the entry's address, name and
     * groups; a refused one why ({@code ldap_<reason>}).
     */
    record Verdict(String email, String displayName, List<String> groups, String failure) {

        static Verdict refused(String reason) {
            return new Verdict(null, null, List.of(), "ldap_" + reason);
        }

        boolean accepted() {
            return failure == null;
        }

        /** The directory could not be asked (not reachable, not trusted, no StartTLS, service bind refused). */
        boolean unavailable() {
            return failure != null && UNAVAILABLE.contains(failure);
        }

        @Override
        public String toString() {
            return accepted() ? "Verdict[accepted]" : "Verdict[" + failure + "]";
        }
    }

    private static final java.util.Set<String> UNAVAILABLE = java.util.Set.of("ldap_unreachable", "ldap_untrusted",
            "ldap_starttls_refused", "ldap_service_bind", "ldap_error");

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long RESPONSE_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_PASSWORD = 1024;
    private static final long ACCOUNT_DISABLED = 0x2; // userAccountControl ACCOUNTDISABLE (Active Directory)

    /** Checks a password with the directory. Never throws for what the directory answers. */
    Verdict verify(Directory directory, String servicePassword, String login, String password) {
        if (password == null || password.isEmpty() || password.length() > MAX_PASSWORD) {
            return Verdict.refused("bad_password");
        }
        try (LDAPConnection connection = connect(directory)) {
            connection.bind(new SimpleBindRequest(directory.bindDn(), servicePassword));
            SearchRequest search = new SearchRequest(directory.baseDn(), SearchScope.SUB, DereferencePolicy.NEVER, 2, 0,
                    false, filter(directory.userFilter(), login), directory.emailAttribute(), "displayName", "cn",
                    directory.groupsAttribute(), "userAccountControl");
            SearchResult result;
            try {
                result = connection.search(search);
            } catch (LDAPSearchException tooMany) {
                if (tooMany.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                    return Verdict.refused("ambiguous");
                }
                throw tooMany;
            }
            if (result.getEntryCount() == 0) {
                return Verdict.refused("unknown_user");
            }
            if (result.getEntryCount() > 1) {
                return Verdict.refused("ambiguous");
            }
            SearchResultEntry entry = result.getSearchEntries().getFirst();
            Long control = entry.getAttributeValueAsLong("userAccountControl");
            if (control != null && (control & ACCOUNT_DISABLED) != 0) {
                return Verdict.refused("disabled");
            }
            try {
                connection.bind(new SimpleBindRequest(entry.getDN(), password));
            } catch (LDAPException refused) {
                return refused.getResultCode() == ResultCode.INVALID_CREDENTIALS
                        || refused.getResultCode() == ResultCode.INAPPROPRIATE_AUTHENTICATION
                        || refused.getResultCode() == ResultCode.UNWILLING_TO_PERFORM
                                ? Verdict.refused("bad_password") : Verdict.refused("error");
            }
            String email = entry.getAttributeValue(directory.emailAttribute());
            if (email == null || email.isBlank()) {
                return Verdict.refused("no_email");
            }
            email = email.strip().toLowerCase(Locale.ROOT);
            if (!directory.domains().contains(email.substring(email.lastIndexOf('@') + 1))) {
                return Verdict.refused("foreign_email"); // the directory vouches only for its company's domains
            }
            String name = entry.getAttributeValue("displayName") != null ? entry.getAttributeValue("displayName")
                    : entry.getAttributeValue("cn");
            String[] groups = entry.getAttributeValues(directory.groupsAttribute());
            return new Verdict(email, name, groups == null ? List.of() : List.of(groups), null);
        } catch (Unavailable unavailable) {
            return Verdict.refused(unavailable.getMessage());
        } catch (LDAPException failed) {
            return Verdict.refused(failed.getResultCode() == ResultCode.INVALID_CREDENTIALS ? "service_bind" : "error");
        }
    }

    /** "Test connection": connects, binds as the service account and reads the base entry; changes nothing. */
    Map<String, Object> test(Directory directory, String servicePassword) {
        Map<String, Object> result = new LinkedHashMap<>();
        try (LDAPConnection connection = connect(directory)) {
            result.put("tls", connection.getSSLSession() == null ? "none" : connection.getSSLSession().getProtocol());
            connection.bind(new SimpleBindRequest(directory.bindDn(), servicePassword));
            boolean base = connection.getEntry(directory.baseDn(), "1.1") != null;
            result.put("ok", base);
            result.put("base_dn_found", base);
            if (!base) {
                result.put("reason", "base_dn");
                result.put("problem", "The base DN was not found with the service account.");
            }
        } catch (Unavailable unavailable) {
            result.put("ok", false);
            result.put("reason", unavailable.getMessage());
            result.put("problem", switch (unavailable.getMessage()) {
                case "untrusted" -> "The server's certificate is not trusted or does not name the host.";
                case "starttls_refused" -> "The server did not start TLS; nothing was sent in plain text.";
                default -> "The server could not be reached.";
            });
        } catch (LDAPException failed) {
            result.put("ok", false);
            result.put("reason", failed.getResultCode() == ResultCode.INVALID_CREDENTIALS ? "service_bind" : "error");
            result.put("problem", failed.getResultCode() == ResultCode.INVALID_CREDENTIALS
                    ? "The service account's name or password was refused."
                    : "The directory answered: " + failed.getResultCode().getName() + ".");
        }
        return result;
    }

    /** The filter for one sign-in: the template with every placeholder replaced by an escaped value. */
    static Filter filter(String template, String login) throws LDAPException {
        String typed = login == null ? "" : login.strip();
        String username = typed.contains("@") ? typed.substring(0, typed.lastIndexOf('@')) : typed;
        Matcher placeholders = PLACEHOLDER.matcher(template);
        String text = placeholders.replaceAll(found -> Matcher.quoteReplacement(
                Filter.encodeValue("login".equals(found.group(1)) ? typed : username)));
        return Filter.create(text);
    }

    /** Whether a user filter template names the sign-in with a placeholder. */
    static boolean hasPlaceholder(String template) {
        return template != null && PLACEHOLDER.matcher(template).find();
    }

    /** Whether a user filter template is a valid filter (RFC 4515) once its placeholders are filled. */
    static boolean validFilter(String template) {
        try {
            filter(template, "someone@example.com");
            return true;
        } catch (LDAPException e) {
            return false;
        }
    }

    /** Whether a URL is {@code ldaps://host[:port]} or {@code ldap://host[:port]} (nothing more). */
    static boolean validUrl(String url) {
        try {
            LDAPURL parsed = new LDAPURL(url);
            return parsed.hostProvided() && !parsed.baseDNProvided() && !parsed.filterProvided()
                    && !parsed.attributesProvided();
        } catch (LDAPException e) {
            return false;
        }
    }

    /** Whether the text is one or more PEM X.509 certificates. */
    static boolean validCertificates(String pem) {
        try {
            return !certificates(pem).isEmpty();
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private LDAPConnection connect(Directory directory) throws LDAPException, Unavailable {
        LDAPURL url = new LDAPURL(directory.url());
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(CONNECT_TIMEOUT_MILLIS);
        options.setResponseTimeoutMillis(RESPONSE_TIMEOUT_MILLIS);
        options.setFollowReferrals(false);
        options.setBindWithDNRequiresPassword(true);
        javax.net.ssl.SSLSocketFactory tls;
        try {
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, trustManagers(directory.caCertificate()), null);
            tls = new HostChecking(context.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new Unavailable("untrusted");
        }
        boolean ldaps = "ldaps".equalsIgnoreCase(url.getScheme());
        LDAPConnection connection;
        try {
            connection = ldaps
                    ? new LDAPConnection(tls, options, url.getHost(), url.getPort())
                    : new LDAPConnection(options, url.getHost(), url.getPort());
        } catch (LDAPException e) {
            throw new Unavailable(tlsFailure(e) ? "untrusted" : "unreachable");
        }
        if (!ldaps) {
            try {
                var started = connection.processExtendedOperation(
                        new StartTLSExtendedRequest(tls));
                if (started.getResultCode() != ResultCode.SUCCESS) {
                    connection.close();
                    throw new Unavailable("starttls_refused");
                }
            } catch (LDAPException e) {
                connection.close();
                throw new Unavailable(tlsFailure(e) ? "untrusted" : "starttls_refused");
            }
        }
        if (connection.getSSLSession() == null) { // belt and braces: never a password without TLS
            connection.close();
            throw new Unavailable("starttls_refused");
        }
        return connection;
    }

    private static boolean tlsFailure(LDAPException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof javax.net.ssl.SSLException || cause instanceof java.security.cert.CertificateException) {
                return true;
            }
        }
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("certificate") || message.contains("ssl") || message.contains("tls")
                || message.contains("hostname") || message.contains("host name");
    }

    private static TrustManager[] trustManagers(String caCertificate) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caCertificate == null || caCertificate.isBlank()) {
            factory.init((KeyStore) null); // the JVM's trust store
        } else {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            try {
                store.load(null, null);
            } catch (java.io.IOException e) {
                throw new GeneralSecurityException(e);
            }
            int n = 0;
            for (X509Certificate certificate : certificates(caCertificate)) {
                store.setCertificateEntry("ca-" + n++, certificate);
            }
            factory.init(store);
        }
        return factory.getTrustManagers();
    }

    private static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            return List.of();
        }
        Collection<? extends java.security.cert.Certificate> read = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII)));
        List<X509Certificate> out = new ArrayList<>();
        for (var certificate : read) {
            out.add((X509Certificate) certificate);
        }
        return out;
    }

    /**
     * TLS sockets that check the server's certificate names the host connected to, by the JDK's own
     * endpoint identification (RFC 6125, as for LDAPS), whatever else the library checks.
     */
    private static final class HostChecking extends javax.net.ssl.SSLSocketFactory {

        private final javax.net.ssl.SSLSocketFactory delegate;

        HostChecking(javax.net.ssl.SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private static java.net.Socket checking(java.net.Socket socket) {
            if (socket instanceof javax.net.ssl.SSLSocket tls) {
                javax.net.ssl.SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("LDAPS");
                tls.setSSLParameters(parameters);
            }
            return socket;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public java.net.Socket createSocket() throws java.io.IOException {
            return checking(delegate.createSocket());
        }

        @Override
        public java.net.Socket createSocket(java.net.Socket socket, String host, int port, boolean autoClose)
                throws java.io.IOException {
            return checking(delegate.createSocket(socket, host, port, autoClose));
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws java.io.IOException {
            return checking(delegate.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress localHost, int localPort)
                throws java.io.IOException {
            return checking(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws java.io.IOException {
            return checking(delegate.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress localAddress,
                int localPort) throws java.io.IOException {
            return checking(delegate.createSocket(address, port, localAddress, localPort));
        }
    }

    /** The directory could not be asked safely; the message is the reason ({@code ldap_<message>}). */
    private static final class Unavailable extends Exception {

        Unavailable(String reason) {
            super(reason, null, false, false);
        }
    }
}
