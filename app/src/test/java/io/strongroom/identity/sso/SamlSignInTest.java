package io.strongroom.identity.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import com.unboundid.util.ssl.cert.ManageCertificates;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * A7, SAML 2.0 sign-in against an identity provider played by the test: it reads our AuthnRequest
 * (HTTP-Redirect), signs Responses with Apache Santuario as providers do, and posts them to our
 * assertion consumer (HTTP-POST). A right one signs in; every attack is refused and recorded with its
 * reason: unsigned, signed by another key, SHA-1, wrapped in the classic XML signature wrapping ways
 * (a second assertion before, the signed one moved into Extensions, a duplicate ID), a comment that
 * would shorten the address, expired, for another audience, recipient, destination or request, from
 * another issuer, not successful, replayed, from another browser, with a DOCTYPE.
 */
class SamlSignInTest extends ApiTest {

    static final String IDP = "https://idp.acme.example/saml/metadata";
    static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";

    static PrivateKey idpKey;
    static X509Certificate idpCertificate;
    static String idpPem;
    static PrivateKey attackerKey;

    final JdbcClient all = JdbcClient.create(TestDatabase.get().superuserDataSource());
    Workspace ws;
    String owner;
    String connection;

    @BeforeAll
    static void keys() throws Exception {
        org.apache.xml.security.Init.init();
        File dir = Files.createTempDirectory("saml-test").toFile();
        Object[] idp = keyPair(dir, "idp");
        idpKey = (PrivateKey) idp[0];
        idpCertificate = (X509Certificate) idp[1];
        idpPem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(idpCertificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        attackerKey = (PrivateKey) keyPair(dir, "attacker")[0];
    }

    private static Object[] keyPair(File dir, String name) throws Exception {
        File file = new File(dir, name + ".p12");
        var result = ManageCertificates.main(null, new ByteArrayOutputStream(), new ByteArrayOutputStream(),
                "generate-self-signed-certificate", "--keystore", file.getPath(), "--keystore-password", "changeit",
                "--keystore-type", "PKCS12", "--alias", "idp", "--subject-dn", "CN=" + name, "--days-valid", "3650");
        assertThat(result.intValue()).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(file)) {
            store.load(in, "changeit".toCharArray());
        }
        return new Object[] {store.getKey("idp", "changeit".toCharArray()), store.getCertificate("idp")};
    }

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "saml");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        TestUsers.addUser(ws.tenantId(), "ada@acme.example", "ada-never-uses-this-password-1", "employee");
        Response added = bearer(owner).post("/api/v1/sso/saml", Map.of("name", "Acme IdP", "idp_entity_id", IDP,
                "sso_url", "https://idp.acme.example/saml/sso", "idp_certificate", idpPem, "domains",
                List.of("acme.example")));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        connection = added.json().get("id").asString();
    }

    /** What the browser carries from our AuthnRequest to the provider's post back. */
    record Journey(ApiClient browser, String cookie, String relayState, String requestId) {
    }

    private Journey journey() throws Exception {
        ApiClient browser = client();
        Response started = browser.get("/w/" + ws.workspace() + "/saml/" + connection);
        assertThat(started.status()).as(started.toString()).isEqualTo(302);
        String cookie = started.raw().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("__Host-sr-saml=")).findFirst().orElseThrow();
        assertThat(cookie).contains("Secure").contains("HttpOnly").contains("SameSite=None");
        URI location = URI.create(started.header("Location"));
        assertThat(location.getHost()).isEqualTo("idp.acme.example");
        Map<String, String> query = new java.util.HashMap<>();
        for (String pair : location.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        String request = new String(new InflaterInputStream(new ByteArrayInputStream(Base64.getDecoder()
                .decode(query.get("SAMLRequest"))), new Inflater(true)).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(request).contains("AssertionConsumerServiceURL=\"https://localhost:8443/saml/acs\"");
        Matcher id = Pattern.compile(" ID=\"([^\"]+)\"").matcher(request);
        assertThat(id.find()).isTrue();
        return new Journey(browser, cookie.substring(0, cookie.indexOf(';')), query.get("RelayState"), id.group(1));
    }

    private String spEntityId() {
        return "https://localhost:8443/w/" + ws.workspace() + "/saml/" + connection + "/metadata";
    }

    /** A Response as a provider makes it, for the journey's request, to be changed before and after signing. */
    private Document response(Journey journey, String nameId) throws Exception {
        Instant now = clock.instant();
        String xml = """
                <samlp:Response xmlns:samlp="%1$s" xmlns:saml="%2$s" ID="_r%3$s" Version="2.0" IssueInstant="%4$s"
                    Destination="https://localhost:8443/saml/acs" InResponseTo="%5$s">
                  <saml:Issuer>%6$s</saml:Issuer>
                  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
                  <saml:Assertion ID="_a%3$s" Version="2.0" IssueInstant="%4$s">
                    <saml:Issuer>%6$s</saml:Issuer>
                    <saml:Subject>
                      <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">%7$s</saml:NameID>
                      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
                        <saml:SubjectConfirmationData InResponseTo="%5$s" NotOnOrAfter="%8$s"
                            Recipient="https://localhost:8443/saml/acs"/>
                      </saml:SubjectConfirmation>
                    </saml:Subject>
                    <saml:Conditions NotBefore="%9$s" NotOnOrAfter="%8$s">
                      <saml:AudienceRestriction><saml:Audience>%10$s</saml:Audience></saml:AudienceRestriction>
                    </saml:Conditions>
                    <saml:AuthnStatement AuthnInstant="%4$s" SessionIndex="_s1">
                      <saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>
                    </saml:AuthnStatement>
                    <saml:AttributeStatement>
                      <saml:Attribute Name="displayName"><saml:AttributeValue>Ada Lovelace</saml:AttributeValue></saml:Attribute>
                    </saml:AttributeStatement>
                  </saml:Assertion>
                </samlp:Response>
                """.formatted(PROTOCOL, ASSERTION, java.util.UUID.randomUUID().toString().replace("-", ""), now,
                journey.requestId(), IDP, nameId, now.plus(Duration.ofMinutes(5)), now.minus(Duration.ofMinutes(1)),
                spEntityId());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element assertion(Document document) {
        return (Element) document.getElementsByTagNameNS(ASSERTION, "Assertion").item(0);
    }

    /** Signs {@code element} (enveloped, exclusive c14n) and places the signature after its Issuer. */
    private static void sign(Element element, PrivateKey key, String algorithm, String digest) throws Exception {
        Document document = element.getOwnerDocument();
        element.setIdAttributeNS(null, "ID", true);
        XMLSignature signature = new XMLSignature(document, "", algorithm, Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        Node issuer = element.getElementsByTagNameNS(ASSERTION, "Issuer").item(0);
        element.insertBefore(signature.getElement(), issuer.getNextSibling());
        Transforms transforms = new Transforms(document);
        transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
        transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
        signature.addDocument("#" + element.getAttribute("ID"), transforms, digest);
        signature.addKeyInfo(idpCertificate);
        signature.sign(key);
    }

    private static void sign(Element element) throws Exception {
        sign(element, idpKey, XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256);
    }

    private static String serialize(Document document) throws Exception {
        StringWriter out = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(out));
        return out.toString();
    }

    private Response post(Journey journey, String xml, boolean withCookie) {
        String form = "SAMLResponse=" + URLEncoder.encode(Base64.getEncoder().encodeToString(
                xml.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8) + "&RelayState="
                + URLEncoder.encode(journey.relayState(), StandardCharsets.UTF_8);
        HttpRequest.Builder request = journey.browser().request("/saml/acs")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (withCookie) {
            request.header("Cookie", journey.cookie());
        }
        return journey.browser().send(request);
    }

    /** A fresh journey, its response changed by {@code change} (given the document, after signing the assertion). */
    private Response attempt(String nameId, Consumer<Document> beforeSigning, Consumer<Document> afterSigning)
            throws Exception {
        Journey journey = journey();
        Document document = response(journey, nameId);
        beforeSigning.accept(document);
        sign(assertion(document));
        afterSigning.accept(document);
        return post(journey, serialize(document), true);
    }

    private static boolean signedIn(Response response) {
        return response.status() == 200 && response.body().contains("url=/app")
                && response.raw().headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("__Host-sr-access="));
    }

    private String lastFailure() {
        List<String> reasons = all.sql("select reason from audit_event where tenant_id = :t and action = 'auth.login.failed'"
                + " order by seq").param("t", ws.tenantId()).query(String.class).list();
        return reasons.isEmpty() ? null : reasons.getLast();
    }

    private void refused(Response response, String reason) {
        assertThat(signedIn(response)).as(reason).isFalse();
        assertThat(response.status()).as(reason).isEqualTo(401);
        assertThat(lastFailure()).isEqualTo(reason);
    }

    private static Consumer<Document> nothing() {
        return d -> { };
    }

    @Test
    @Tag("A7")
    void aSignedAssertionForOurRequestSignsInOnceFromItsBrowser() throws Exception {
        Response metadata = client().get("/w/" + ws.workspace() + "/saml/" + connection + "/metadata");
        assertThat(metadata.status()).isEqualTo(200);
        assertThat(metadata.body()).contains("entityID=\"" + spEntityId() + "\"").contains("/saml/acs");

        Journey journey = journey();
        Document document = response(journey, "ada@acme.example");
        sign(assertion(document));
        String xml = serialize(document);
        assertThat(post(journey, xml, false).status()).as("another browser").isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("saml_other_browser");

        Journey second = journey();
        Document good = response(second, "ada@acme.example");
        sign(assertion(good));
        String goodXml = serialize(good);
        Response in = post(second, goodXml, true);
        assertThat(signedIn(in)).as(in.toString()).isTrue();
        assertThat(all.sql("select details::text from audit_event where tenant_id = :t and action = 'auth.login'"
                + " order by seq desc limit 1").param("t", ws.tenantId()).query(String.class).single())
                .contains("\"provider\": \"saml\"").contains(connection);
        refused(post(second, goodXml, true), "saml_state");

        // the whole Response signed instead of the assertion: also good
        Journey third = journey();
        Document whole = response(third, "ada@acme.example");
        sign(whole.getDocumentElement());
        assertThat(signedIn(post(third, serialize(whole), true))).isTrue();

        // another workspace does not know this connection
        Workspace other = TestUsers.signUp(client(), "saml-other");
        assertThat(client().get("/w/" + other.workspace() + "/saml/" + connection).status()).isEqualTo(404);
    }

    @Test
    @Tag("A7")
    void unsignedForgedAndWrappedResponsesAreRefused() throws Exception {
        Journey journey = journey();
        refused(post(journey, serialize(response(journey, "ada@acme.example")), true), "saml_unsigned");

        Journey forged = journey();
        Document byAttacker = response(forged, "ada@acme.example");
        sign(assertion(byAttacker), attackerKey, XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256,
                MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256);
        refused(post(forged, serialize(byAttacker), true), "saml_signature");

        Journey sha1 = journey();
        Document weak = response(sha1, "ada@acme.example");
        sign(assertion(weak), idpKey, XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA1, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA1);
        refused(post(sha1, serialize(weak), true), "saml_signature");

        // a valid signature, then the signed text changed
        refused(attempt("eve@acme.example", nothing(), d -> d.getElementsByTagNameNS(ASSERTION, "NameID").item(0)
                .setTextContent("ada@acme.example")), "saml_signature");

        // XSW: an evil assertion before the signed one
        refused(attempt("eve@acme.example", nothing(), d -> {
            Element evil = (Element) assertion(d).cloneNode(true);
            evil.setAttribute("ID", "_evil");
            evil.removeChild(evil.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature").item(0));
            evil.getElementsByTagNameNS(ASSERTION, "NameID").item(0).setTextContent("ada@acme.example");
            d.getDocumentElement().insertBefore(evil, assertion(d));
        }), "saml_wrapped");
        // XSW: the signed assertion moved into Extensions, an evil one in its place
        refused(attempt("eve@acme.example", nothing(), d -> {
            Element signed = assertion(d);
            Element evil = (Element) signed.cloneNode(true);
            evil.setAttribute("ID", "_evil2");
            evil.removeChild(evil.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature").item(0));
            evil.getElementsByTagNameNS(ASSERTION, "NameID").item(0).setTextContent("ada@acme.example");
            Element extensions = d.createElementNS(PROTOCOL, "samlp:Extensions");
            d.getDocumentElement().replaceChild(evil, signed);
            extensions.appendChild(signed);
            d.getDocumentElement().insertBefore(extensions, d.getDocumentElement().getFirstChild().getNextSibling());
        }), "saml_wrapped");
        // a second element with the signed assertion's ID
        refused(attempt("ada@acme.example", nothing(), d -> {
            Element decoy = d.createElementNS(PROTOCOL, "samlp:Extensions");
            decoy.setAttribute("ID", assertion(d).getAttribute("ID"));
            d.getDocumentElement().insertBefore(decoy, d.getDocumentElement().getFirstChild());
        }), "saml_wrapped");

        // a comment that would cut the signed address short is not a shorter address
        Response comment = attempt("ada@acme.example.evil.example", nothing(), d -> {
            Node nameId = d.getElementsByTagNameNS(ASSERTION, "NameID").item(0);
            nameId.setTextContent("ada@acme.example");
            nameId.appendChild(d.createComment("x"));
            nameId.appendChild(d.createTextNode(".evil.example"));
        });
        refused(comment, "saml_email_domain");

        // a DOCTYPE (entities) is not parsed at all
        Journey doctype = journey();
        String withDoctype = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + serialize(response(doctype, "ada@acme.example")).replaceFirst("^<\\?xml[^>]*>", "");
        refused(post(doctype, withDoctype, true), "saml_xml");
        assertThat(all.sql("select count(*) from audit_event where tenant_id = :t and action = 'auth.login'"
                + " and details::text like '%saml%'").param("t", ws.tenantId()).query(Long.class).single())
                .as("nobody signed in through the provider").isZero();
    }

    @Test
    @Tag("A7")
    void responsesForAnotherAudienceRecipientRequestOrTimeAreRefused() throws Exception {
        refused(attempt("ada@acme.example", d -> d.getElementsByTagNameNS(ASSERTION, "Audience").item(0)
                .setTextContent("https://other.example/sp"), nothing()), "saml_audience");
        refused(attempt("ada@acme.example", d -> ((Element) d.getElementsByTagNameNS(ASSERTION, "SubjectConfirmationData")
                .item(0)).setAttribute("Recipient", "https://other.example/acs"), nothing()), "saml_subject_confirmation");
        refused(attempt("ada@acme.example", d -> d.getDocumentElement().setAttribute("Destination",
                "https://other.example/acs"), nothing()), "saml_destination");
        refused(attempt("ada@acme.example", d -> {
            d.getDocumentElement().setAttribute("InResponseTo", "_another");
        }, nothing()), "saml_in_response_to");
        refused(attempt("ada@acme.example", d -> assertion(d).getElementsByTagNameNS(ASSERTION, "Issuer").item(0)
                .setTextContent("https://evil.example/idp"), nothing()), "saml_issuer");
        refused(attempt("ada@acme.example", d -> ((Element) d.getElementsByTagNameNS(PROTOCOL, "StatusCode").item(0))
                .setAttribute("Value", "urn:oasis:names:tc:SAML:2.0:status:Responder"), nothing()), "saml_status");

        // expired on the application clock (the request itself still lives)
        Journey late = journey();
        Document document = response(late, "ada@acme.example");
        sign(assertion(document));
        String xml = serialize(document);
        clock.advance(Duration.ofMinutes(7));
        refused(post(late, xml, true), "saml_expired");
    }

    @Test
    @Tag("A7")
    void connectionsAreCheckedWhenAddedAndOnlyAdministratorsSeeThem() {
        Response bad = bearer(owner).post("/api/v1/sso/saml", Map.of("name", "", "idp_entity_id", IDP, "sso_url",
                "ftp://idp.example", "idp_certificate", "not a certificate"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("name").contains("sso_url").contains("idp_certificate");
        assertThat(bearer(owner).get("/api/v1/sso/saml").json().get("items").size()).isEqualTo(1);
        Response tested = bearer(owner).post("/api/v1/sso/saml/" + connection + "/test", Map.of());
        assertThat(tested.json().get("ok").asBoolean()).as("idp.acme.example does not exist").isFalse();
        assertThat(tested.json().get("reason").asString()).isEqualTo("unreachable");
        clock.advance(Duration.ofDays(365 * 11));
        String later = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        assertThat(bearer(later).post("/api/v1/sso/saml/" + connection + "/test", Map.of()).json().get("reason")
                .asString()).as("the certificate has run out on the application clock").isEqualTo("certificate");
        clock.reset();
        String employee = "emp." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), employee, "employee-passphrase-saml-5", "employee");
        String token = TestUsers.tokens(client(), ws.workspace(), employee, "employee-passphrase-saml-5").access();
        assertThat(bearer(token).get("/api/v1/sso/saml").status()).isEqualTo(403);
        assertThat(client().get("/w/" + ws.workspace() + "/login").body()).contains("/saml/" + connection);
        Response routed = client().get("/w/" + ws.workspace() + "/sso?email=ada@acme.example");
        assertThat(routed.status()).isEqualTo(302);
        assertThat(routed.header("Location")).startsWith("https://idp.acme.example/saml/sso?SAMLRequest=");
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/sso", Map.of("sso_only", true,
                "break_glass_user_ids", List.of(ws.ownerId().toString()))).status()).isEqualTo(200);
        assertThat(bearer(owner).delete("/api/v1/sso/saml/" + connection).status())
                .as("the last connection stays while sign-in is SSO only").isEqualTo(409);
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/sso", Map.of("sso_only", false)).status())
                .isEqualTo(200);
        assertThat(bearer(owner).delete("/api/v1/sso/saml/" + connection).status()).isEqualTo(204);
        assertThat(client().get("/w/" + ws.workspace() + "/saml/" + connection).status()).isEqualTo(404);
    }
}
