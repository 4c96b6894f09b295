package io.strongroom.platform.web;

import java.io.IOException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ProblemResponses;
import io.strongroom.platform.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses request bodies above the configured size with 413: at once when
 * {@code Content-Length} announces too much, and while reading when a chunked body grows past it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final ProblemResponses problems;

    BodySizeLimitFilter(HttpProperties properties, ProblemResponses problems) {
        this.maxBytes = properties.maxBodySize().toBytes();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            problems.write(request, response, tooLarge(maxBytes));
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBytes), response);
    }

    /**
     * Reads and discards what is left of a refused body (up to the limit again), so the connection
     * closes cleanly and the client receives the 413 instead of a reset.
     */
    static void drain(jakarta.servlet.http.HttpServletRequest request) {
        if (request.getAttribute(STREAM_ATTRIBUTE) instanceof LimitedInputStream stream) {
            stream.drain();
        }
    }

    static final String STREAM_ATTRIBUTE = BodySizeLimitFilter.class.getName() + ".stream";

    static ApiProblem tooLarge(long maxBytes) {
        return new ApiProblem(ProblemType.PAYLOAD_TOO_LARGE,
                "The request body is larger than the limit of " + maxBytes + " bytes.");
    }

    /** Thrown while reading a body that grows past the limit; mapped to 413. */
    static final class BodyTooLargeException extends IOException {

        private final long maxBytes;

        BodyTooLargeException(long maxBytes) {
            super("request body exceeds " + maxBytes + " bytes");
            this.maxBytes = maxBytes;
        }

        long maxBytes() {
            return maxBytes;
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), maxBytes);
                setAttribute(STREAM_ATTRIBUTE, stream);
            }
            return stream;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long maxBytes;
        private long read;

        LimitedInputStream(ServletInputStream delegate, long maxBytes) {
            this.delegate = delegate;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        void drain() {
            byte[] buffer = new byte[8192];
            long left = maxBytes;
            try {
                int n;
                while (left > 0 && (n = delegate.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                    left -= n;
                }
            } catch (IOException e) {
                // the client went away; nothing to drain
            }
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > maxBytes) {
                throw new BodyTooLargeException(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
