package io.strongroom.identity.internal;

import java.io.ByteArrayInputStream;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.SignedInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Our strict profile of a SAML 2.0 Response (A7), around Apache Santuario's XML signatures. OpenSAML
 * (and with it Spring Security's SAML module) is not on Maven Central here and OneLogin's java-saml has
 * had no release since 2022 (on a vulnerable xmlsec), so the profile is ours and deliberately small:
 * the HTTP-POST binding, a Response to a request we sent ({@code InResponseTo}, no IdP-initiated
 * sign-in), exactly one plain Assertion, a direct child of the Response (no encrypted assertions),
 * signed by the configured certificate on the Response or the Assertion itself.
 * <p>
 * Against XML signature wrapping: no DOCTYPE; IDs must be unique; the document holds exactly one
 * Assertion and it sits where the profile says; every signature is a direct child of the Response or
 * the Assertion; an ID is registered only on those two elements, so a signature's one reference can
 * resolve to nothing else, and its URI must be that element's ID; only enveloped-signature and
 * exclusive canonicalization transforms, SHA-256 or stronger; the key is the configured one, never
 * one from the message. What is read afterwards is read from the element the signature covered, with
 * {@code getTextContent}, which includes every text node (a comment cannot shorten an address).
 */
final class SamlResponses {

    static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";
    static final String SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
    static final String BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
    static final Duration SKEW = Duration.ofSeconds(60);
    static final int MAX_BYTES = 512 * 1024;

    private static final Set<String> SIGNATURE_METHODS = Set.of(
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512", "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384", "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512");
    private static final Set<String> DIGEST_METHODS = Set.of("http://www.w3.org/2001/04/xmlenc#sha256",
            "http://www.w3.org/2001/04/xmldsig-more#sha384", "http://www.w3.org/2001/04/xmlenc#sha512");
    private static final Set<String> TRANSFORMS = Set.of(Transforms.TRANSFORM_ENVELOPED_SIGNATURE,
            Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);

    static {
        org.apache.xml.security.Init.init();
    }

    /** What the response must be: for this request, to this service provider, from this identity provider. */
    record Expected(String acsUrl, String spEntityId, String idpEntityId, String requestId,
            List<X509Certificate> idpCertificates, Instant now) {
    }

    /** What a verified assertion says: its subject's name id and its attributes. */
    record Verified(String nameId, Map<String, List<String>> attributes) {
    }

    /** Why a response is refused: the reason recorded ({@code saml_<reason>}). */
    static final class Refused extends Exception {

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private SamlResponses() {
    }

    static Verified verify(String samlResponse, Expected expected) throws Refused {
        Document document = parse(samlResponse);
        Element response = document.getDocumentElement();
        if (!is(response, PROTOCOL, "Response") || !"2.0".equals(response.getAttribute("Version"))) {
            throw new Refused("xml");
        }
        if (document.getElementsByTagNameNS(ASSERTION, "EncryptedAssertion").getLength() != 0) {
            throw new Refused("encrypted");
        }
        NodeList assertions = document.getElementsByTagNameNS(ASSERTION, "Assertion");
        if (assertions.getLength() != 1 || assertions.item(0).getParentNode() != response) {
            throw new Refused("wrapped");
        }
        Element assertion = (Element) assertions.item(0);
        requireUniqueIds(response);
        NodeList signatures = document.getElementsByTagNameNS(DSIG, "Signature");
        for (int i = 0; i < signatures.getLength(); i++) {
            Node parent = signatures.item(i).getParentNode();
            if (parent != response && parent != assertion) {
                throw new Refused("wrapped");
            }
        }

        // the response
        String destination = response.getAttribute("Destination");
        if (!destination.isEmpty() && !destination.equals(expected.acsUrl())) {
            throw new Refused("destination");
        }
        if (!expected.requestId().equals(response.getAttribute("InResponseTo"))) {
            throw new Refused("in_response_to");
        }
        Element responseIssuer = child(response, ASSERTION, "Issuer");
        if (responseIssuer != null && !expected.idpEntityId().equals(responseIssuer.getTextContent().strip())) {
            throw new Refused("issuer");
        }
        Element status = child(response, PROTOCOL, "Status");
        Element code = status == null ? null : child(status, PROTOCOL, "StatusCode");
        if (code == null || !SUCCESS.equals(code.getAttribute("Value"))) {
            throw new Refused("status");
        }

        // the signatures: on the response or on the assertion, by the configured key
        if (response.getAttribute("ID").isEmpty() || assertion.getAttribute("ID").isEmpty()) {
            throw new Refused("xml");
        }
        response.setIdAttributeNS(null, "ID", true);
        assertion.setIdAttributeNS(null, "ID", true);
        boolean responseSigned = verified(child(response, DSIG, "Signature"), response, expected.idpCertificates());
        boolean assertionSigned = verified(child(assertion, DSIG, "Signature"), assertion, expected.idpCertificates());
        if (!responseSigned && !assertionSigned) {
            throw new Refused("unsigned");
        }

        // the assertion
        Element issuer = child(assertion, ASSERTION, "Issuer");
        if (issuer == null || !expected.idpEntityId().equals(issuer.getTextContent().strip())) {
            throw new Refused("issuer");
        }
        Instant now = expected.now();
        Element conditions = child(assertion, ASSERTION, "Conditions");
        if (conditions == null) {
            throw new Refused("audience");
        }
        if (after(conditions, "NotBefore", now.plus(SKEW))) {
            throw new Refused("not_yet_valid");
        }
        if (!conditions.hasAttribute("NotOnOrAfter") || !after(conditions, "NotOnOrAfter", now.minus(SKEW))) {
            throw new Refused("expired");
        }
        List<Element> restrictions = children(conditions, ASSERTION, "AudienceRestriction");
        if (restrictions.isEmpty() || !restrictions.stream().allMatch(r -> children(r, ASSERTION, "Audience").stream()
                .anyMatch(a -> expected.spEntityId().equals(a.getTextContent().strip())))) {
            throw new Refused("audience");
        }
        Element subject = child(assertion, ASSERTION, "Subject");
        Element nameId = subject == null ? null : child(subject, ASSERTION, "NameID");
        if (subject == null || nameId == null) {
            throw new Refused("subject");
        }
        boolean confirmed = false;
        for (Element confirmation : children(subject, ASSERTION, "SubjectConfirmation")) {
            Element data = child(confirmation, ASSERTION, "SubjectConfirmationData");
            confirmed |= BEARER.equals(confirmation.getAttribute("Method")) && data != null
                    && expected.acsUrl().equals(data.getAttribute("Recipient"))
                    && expected.requestId().equals(data.getAttribute("InResponseTo"))
                    && data.hasAttribute("NotOnOrAfter") && after(data, "NotOnOrAfter", now.minus(SKEW))
                    && !after(data, "NotBefore", now.plus(SKEW));
        }
        if (!confirmed) {
            throw new Refused("subject_confirmation");
        }
        if (child(assertion, ASSERTION, "AuthnStatement") == null) {
            throw new Refused("xml");
        }
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        for (Element statement : children(assertion, ASSERTION, "AttributeStatement")) {
            for (Element attribute : children(statement, ASSERTION, "Attribute")) {
                List<String> values = attributes.computeIfAbsent(attribute.getAttribute("Name"), n -> new ArrayList<>());
                for (Element value : children(attribute, ASSERTION, "AttributeValue")) {
                    values.add(value.getTextContent().strip());
                }
            }
        }
        return new Verified(nameId.getTextContent().strip(), attributes);
    }

    /**
     * Whether {@code signature} (a direct child of {@code signed}) is a valid signature over exactly
     * {@code signed} by one of the certificates; false when there is none; refused when there is one
     * that does not hold or that covers anything else.
     */
    private static boolean verified(Element signature, Element signed, List<X509Certificate> certificates) throws Refused {
        if (signature == null) {
            return false;
        }
        try {
            XMLSignature xml = new XMLSignature(signature, "", true);
            SignedInfo info = xml.getSignedInfo();
            if (!SIGNATURE_METHODS.contains(info.getSignatureMethodURI()) || info.getLength() != 1) {
                throw new Refused("signature");
            }
            Reference reference = info.item(0);
            if (!("#" + signed.getAttribute("ID")).equals(reference.getURI())
                    || !DIGEST_METHODS.contains(reference.getMessageDigestAlgorithm().getAlgorithmURI())) {
                throw new Refused("signature");
            }
            Transforms transforms = reference.getTransforms();
            for (int i = 0; transforms != null && i < transforms.getLength(); i++) {
                if (!TRANSFORMS.contains(transforms.item(i).getURI())) {
                    throw new Refused("signature");
                }
            }
            for (X509Certificate certificate : certificates) {
                if (xml.checkSignatureValue(certificate.getPublicKey())
                        && reference.getContentsBeforeTransformation().getSubNode() == signed) {
                    return true;
                }
            }
            throw new Refused("signature");
        } catch (org.apache.xml.security.exceptions.XMLSecurityException | RuntimeException e) {
            throw new Refused("signature");
        }
    }

    private static Document parse(String samlResponse) throws Refused {
        byte[] xml;
        try {
            if (samlResponse == null || samlResponse.length() > MAX_BYTES * 4 / 3 + 4) {
                throw new Refused("xml");
            }
            xml = Base64.getMimeDecoder().decode(samlResponse);
        } catch (IllegalArgumentException e) {
            throw new Refused("xml");
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new Refused("xml");
        }
    }

    private static void requireUniqueIds(Element root) throws Refused {
        Set<String> seen = new HashSet<>();
        NodeList all = root.getOwnerDocument().getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element element = (Element) all.item(i);
            for (String name : List.of("ID", "Id", "id")) {
                if (element.hasAttribute(name) && !seen.add(element.getAttribute(name))) {
                    throw new Refused("wrapped");
                }
            }
        }
    }

    /** Whether the element's time attribute is after {@code instant} (false when it has none). */
    private static boolean after(Element element, String attribute, Instant instant) throws Refused {
        if (!element.hasAttribute(attribute)) {
            return false;
        }
        try {
            return Instant.parse(element.getAttribute(attribute)).isAfter(instant);
        } catch (DateTimeParseException e) {
            throw new Refused("xml");
        }
    }

    private static boolean is(Element element, String namespace, String name) {
        return element != null && namespace.equals(element.getNamespaceURI()) && name.equals(element.getLocalName());
    }

    private static Element child(Element parent, String namespace, String name) {
        List<Element> found = children(parent, namespace, name);
        return found.isEmpty() ? null : found.getFirst();
    }

    private static List<Element> children(Element parent, String namespace, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && is(element, namespace, name)) {
                found.add(element);
            }
        }
        return found;
    }
}
