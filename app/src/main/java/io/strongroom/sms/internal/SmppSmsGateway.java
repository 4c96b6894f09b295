package io.strongroom.sms.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.ConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnection;

import io.strongroom.sms.SmsGateway;
import io.strongroom.sms.SmsUnavailable;

/**
 * A carrier's SMSC over SMPP 3.4 (jSMPP) and TLS: for each message a transmitter session is opened,
 * bound with the system id and password, the message submitted and the session unbound. Second-factor
 * codes are few and urgent; a session per message needs no keep-alive and never sends on a stale link.
 * The SMSC's certificate must match the configured host name (TLS 1.2 or 1.3).
 */
final class SmppSmsGateway implements SmsGateway {

    private final SmsProperties.Smpp smpp;
    private final String sender;
    private final Duration timeout;
    private final SSLContext tls;

    SmppSmsGateway(SmsProperties.Smpp smpp, String sender, Duration timeout) {
        this.smpp = smpp;
        this.sender = sender;
        this.timeout = timeout;
        this.tls = io.strongroom.platform.PemTrust.context(smpp.trustedCertificates(),
                "strongroom.sms.smpp.trusted-certificates");
    }

    @Override
    public void send(String to, String text) {
        SMPPSession session = new SMPPSession(new TlsConnections());
        session.setTransactionTimer(timeout.toMillis());
        try {
            session.connectAndBind(smpp.host(), smpp.port(), new BindParameter(BindType.BIND_TX, smpp.systemId(),
                    smpp.password(), smpp.systemType(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null),
                    timeout.toMillis());
            boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(text);
            byte[] body = ascii ? text.getBytes(StandardCharsets.US_ASCII) : text.getBytes(StandardCharsets.UTF_16BE);
            boolean numeric = sender.startsWith("+");
            session.submitShortMessage("",
                    numeric ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.ALPHANUMERIC,
                    numeric ? NumberingPlanIndicator.ISDN : NumberingPlanIndicator.UNKNOWN,
                    numeric ? sender.substring(1) : sender,
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, to.substring(1),
                    new ESMClass(), (byte) 0, (byte) 1, null, null,
                    new RegisteredDelivery(SMSCDeliveryReceipt.DEFAULT), (byte) 0,
                    new GeneralDataCoding(ascii ? Alphabet.ALPHA_DEFAULT : Alphabet.ALPHA_UCS2),
                    (byte) 0, body);
        } catch (Exception e) {
            throw new SmsUnavailable("The SMSC " + smpp.host() + ":" + smpp.port() + " did not accept the message: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } finally {
            session.unbindAndClose();
        }
    }

    @Override
    public String kind() {
        return "smpp";
    }

    /** TLS sockets that check the SMSC's name against its certificate (jSMPP's own factory does not). */
    private final class TlsConnections implements ConnectionFactory {

        @Override
        public Connection createConnection(String host, int port) throws IOException {
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            socket.setSSLParameters(parameters);
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.startHandshake();
            return new SocketConnection(socket);
        }
    }
}
