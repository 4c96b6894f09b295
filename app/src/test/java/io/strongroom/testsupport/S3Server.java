package io.strongroom.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real S3 server for the tests: s3proxy (Maven Central's runnable jar, fetched by the build into
 * {@code target/s3proxy/}) with its file-system back end, started as a separate process on a free
 * loopback port. One per test JVM, started on first use, stopped with the JVM.
 */
public final class S3Server {

    public static final String ACCESS_KEY = "strongroom-test";
    public static final String SECRET_KEY = "strongroom-test-secret-key";
    private static S3Server instance;

    private final int port;
    private final Process process;
    private final Path log;

    private S3Server() throws IOException {
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No s3proxy at " + jar + ": run the build (generate-test-resources) first");
        }
        Path home = Files.createTempDirectory("strongroom-s3proxy");
        Path data = Files.createDirectories(home.resolve("data"));
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path properties = home.resolve("s3proxy.conf");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data,
                ""));
        log = home.resolve("s3proxy.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        process = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        Await.until(this::listening, "s3proxy listening on port " + port + " (log: " + log + ")");
    }

    public static synchronized S3Server get() {
        if (instance == null) {
            try {
                instance = new S3Server();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    private boolean listening() {
        if (!process.isAlive()) {
            throw new IllegalStateException("s3proxy stopped; see " + log);
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }
}
