package uk.smartmeter.restricted.adapter.rest.problem;

import uk.smartmeter.restricted.application.input.Utf8Check;

import uk.smartmeter.restricted.application.input.FieldViolation;
import uk.smartmeter.restricted.application.input.PayloadTooLarge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds request bodies: a declared Content-Length over the limit is answered 413 at once; a body
 * sent without one is cut off when it passes the limit. Every body it bounds is checked as UTF-8 as it
 * is read ({@link Utf8Check}): the API's JSON is UTF-8 (RFC 8259), and a parser that folded an overlong
 * form into a character would read what the sender's bytes do not say. Streaming imports are exempt
 * (they answer a bad line by its number).
 */
public final class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final long limit;
    private final List<String> exemptPrefixes;
    private final ProblemResponses problems;

    public RequestBodyLimitFilter(long limit, List<String> exemptPrefixes, ProblemResponses problems) {
        this.limit = limit;
        this.exemptPrefixes = List.copyOf(exemptPrefixes);
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = uk.smartmeter.restricted.adapter.rest.problem.RequestPaths.routed(request);
        return exemptPrefixes.stream().anyMatch(path::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            problems.write(response, Problems.problem(HttpStatus.PAYLOAD_TOO_LARGE, ApiExceptionHandler.MALFORMED_REQUEST,
                    "the request could not be read",
                    List.of(new FieldViolation("body", "at most " + limit + " bytes"))));
            return;
        }
        chain.doFilter(new Bounded(request, limit), response);
    }

    private static final class Bounded extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private final Utf8Check utf8 = new Utf8Check(false);
        private long read;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
                utf8.check(b);
            } else {
                utf8.end();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
                utf8.check(buffer, offset, n);
            } else if (n < 0) {
                utf8.end();
            }
            return n;
        }

        private void count(int n) throws PayloadTooLarge {
            read += n;
            if (read > limit) {
                throw new PayloadTooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
