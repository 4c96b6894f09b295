package io.strongroom.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.util.MessageId;
import org.springframework.boot.ssl.pem.PemContent;

import io.strongroom.platform.tls.LocalCertificateAuthority;

/**
 * A carrier's SMSC for tests: jSMPP's server side on a loopback port, over TLS with a certificate
 * from a throw-away authority (or in plain SMPP, to prove a client refuses it). It accepts binds with
 * one system id and password and keeps every message submitted.
 */
public final class TestSmsc implements AutoCloseable {

    /** A submitted message as the SMSC saw it. */
    public record Message(String systemId, int sourceTon, String source, int destinationTon, int destinationNpi,
            String destination, byte dataCoding, String text) {
    }

    public static final String SYSTEM_ID = "strongroom";
    public static final String PASSWORD = "s3cret!";

    private final SMPPServerSessionListener listener;
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Message> arrivals = new LinkedBlockingQueue<>();
    private final AtomicInteger refusedBinds = new AtomicInteger();
    private final java.util.Map<String, String> boundAs = new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread acceptor;
    private final Path authority;
    private volatile int port;
    private volatile boolean refuseSubmissions;

    /**
     * @param home a directory for the authority and the server certificate
     * @param names the names in the SMSC's certificate; null: plain SMPP without TLS
     */
    public TestSmsc(Path home, List<String> names) throws IOException {
        SSLContext tls = null;
        if (names != null) {
            LocalCertificateAuthority.Issued issued = LocalCertificateAuthority.ensure(home, "smsc", names);
            authority = issued.authorityCertificate();
            tls = serverContext(issued);
        } else {
            authority = null;
        }
        SSLContext context = tls;
        listener = new SMPPServerSessionListener(0, new ServerConnectionFactory() {
            @Override
            public ServerConnection listen(int ignored) throws IOException {
                return listen(ignored, 0, 50);
            }

            @Override
            public ServerConnection listen(int ignored, int timeout) throws IOException {
                return listen(ignored, timeout, 50);
            }

            @Override
            public ServerConnection listen(int ignored, int timeout, int backlog) throws IOException {
                java.net.ServerSocket socket = context == null ? new java.net.ServerSocket(0, backlog,
                        java.net.InetAddress.getLoopbackAddress())
                        : (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, backlog,
                                java.net.InetAddress.getLoopbackAddress());
                socket.setSoTimeout(timeout);
                port = socket.getLocalPort();
                return new ServerSocketConnection(socket);
            }
        });
        listener.setMessageReceiverListener(new Receiver());
        acceptor = new Thread(this::acceptLoop, "test-smsc");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The PEM file of the authority that issued the SMSC's certificate (to trust it). */
    public Path authority() {
        return authority;
    }

    public int port() {
        return port;
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    public int refusedBinds() {
        return refusedBinds.get();
    }

    /** From now on, submissions are refused with a system error (the SMSC is in trouble). */
    public void refuseSubmissions(boolean refuse) {
        this.refuseSubmissions = refuse;
    }

    /** The next message to arrive (waits up to 10 s). */
    public Message next() {
        try {
            Message message = arrivals.poll(10, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no text message reached the SMSC within 10 s");
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void acceptLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                SMPPServerSession session = listener.accept();
                Thread binder = new Thread(() -> bind(session), "test-smsc-bind");
                binder.setDaemon(true);
                binder.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void bind(SMPPServerSession session) {
        try {
            BindRequest request = session.waitForBind(Duration.ofSeconds(10).toMillis());
            if (SYSTEM_ID.equals(request.getSystemId()) && PASSWORD.equals(request.getPassword())) {
                boundAs.put(session.getSessionId(), request.getSystemId());
                request.accept("test-smsc");
            } else {
                refusedBinds.incrementAndGet();
                request.reject(SMPPConstant.STAT_ESME_RINVPASWD);
            }
        } catch (Exception failed) {
            session.close();
        }
    }

    private final class Receiver implements ServerMessageReceiverListener {

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submit, SMPPServerSession session) throws ProcessRequestException {
            if (refuseSubmissions) {
                throw new ProcessRequestException("refused", SMPPConstant.STAT_ESME_RSYSERR);
            }
            byte coding = submit.getDataCoding();
            String text = (coding & 0x0c) == 0x08 ? new String(submit.getShortMessage(), StandardCharsets.UTF_16BE)
                    : new String(submit.getShortMessage(), StandardCharsets.US_ASCII);
            Message message = new Message(boundAs.get(session.getSessionId()), submit.getSourceAddrTon(), submit.getSourceAddr(),
                    submit.getDestAddrTon(), submit.getDestAddrNpi(), submit.getDestAddress(), coding, text);
            messages.add(message);
            arrivals.add(message);
            try {
                return new SubmitSmResult(new MessageId(Integer.toHexString(messages.size())),
                        new org.jsmpp.bean.OptionalParameter[0]);
            } catch (org.jsmpp.PDUStringException e) {
                throw new ProcessRequestException(e.getMessage(), SMPPConstant.STAT_ESME_RSYSERR);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submit, SMPPServerSession session)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm query, SMPPServerSession session) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replace, SMPPServerSession session) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancel, SMPPServerSession session) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcast, SMPPServerSession session)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancel, SMPPServerSession session)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm query, SMPPServerSession session)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm data, Session session) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }

    /** A TLS server context with an issued certificate and its key (for test peers that speak TLS). */
    public static SSLContext serverContext(LocalCertificateAuthority.Issued issued) throws IOException {
        try {
            PemContent key = PemContent.load(issued.privateKey());
            PemContent chain = PemContent.load(issued.certificate());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("smsc", key.getPrivateKey(), new char[0],
                    chain.getCertificates().toArray(new java.security.cert.Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        acceptor.interrupt();
        listener.close();
    }

    /** A directory for a test SMSC's certificates. */
    public static Path tempHome() throws IOException {
        return Files.createTempDirectory("test-smsc");
    }
}
