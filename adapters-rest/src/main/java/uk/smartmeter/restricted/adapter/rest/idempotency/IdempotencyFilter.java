package uk.smartmeter.restricted.adapter.rest.idempotency;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import uk.smartmeter.restricted.adapter.rest.idempotency.IdempotencyStore.Claim;
import uk.smartmeter.restricted.adapter.rest.idempotency.IdempotencyStore.Stored;
import uk.smartmeter.restricted.application.input.FieldViolation;
import uk.smartmeter.restricted.application.input.PayloadTooLarge;
import uk.smartmeter.restricted.adapter.rest.problem.ProblemResponses;
import uk.smartmeter.restricted.adapter.rest.problem.Problems;
import uk.smartmeter.restricted.adapter.rest.problem.StoreUnavailable;
import uk.smartmeter.restricted.application.input.Utf8Check;
import uk.smartmeter.restricted.adapter.rest.security.Callers;
import uk.smartmeter.restricted.adapter.rest.problem.RequestPaths;
import uk.smartmeter.restricted.application.port.out.IdempotentRequest;
import uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase;
import uk.smartmeter.restricted.application.input.ApiProblem;

/**
 * {@value #HEADER} on POST, PUT and DELETE: the same key with the same request returns the first
 * response again ({@value #REPLAYED}: true) and records nothing new; the same key with another
 * request is refused (422); a key whose first request is still running is answered 409.
 */
public final class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotency-Replayed";
    private static final Set<String> UNSAFE = Set.of("POST", "PUT", "DELETE", "PATCH");
    private static final Pattern KEY = Pattern.compile("^[\\x21-\\x7E]{1,255}$");

    private final IdempotencyStore store;
    private final ProblemResponses problems;
    private final RecordRefusalUseCase refusals;
    private final List<String> exemptPrefixes;

    public IdempotencyFilter(IdempotencyStore store, ProblemResponses problems, RecordRefusalUseCase refusals,
                             List<String> exemptPrefixes) {
        this.store = store;
        this.problems = problems;
        this.refusals = refusals;
        this.exemptPrefixes = List.copyOf(exemptPrefixes);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = RequestPaths.routed(request);
        return request.getHeader(HEADER) == null || !UNSAFE.contains(request.getMethod())
                || !path.startsWith("/api/") || exemptPrefixes.stream().anyMatch(path::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        var actor = Callers.bestEffortActor();
        if (actor.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        if (java.util.Collections.list(request.getHeaders(HEADER)).size() > 1) {
            problems.write(response, Problems.problem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
                    "the request could not be read", List.of(new FieldViolation(HEADER, "exactly one"))));
            return;
        }
        if (!KEY.matcher(key).matches()) {
            problems.write(response, Problems.problem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
                    "the request could not be read", List.of(new FieldViolation(HEADER, "1 to 255 visible ASCII characters"))));
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (PayloadTooLarge tooLarge) {
            problems.write(response, Problems.problem(HttpStatus.PAYLOAD_TOO_LARGE, "MALFORMED_REQUEST",
                    "the request could not be read", List.of(new FieldViolation("body", tooLarge.getMessage()))));
            return;
        } catch (Utf8Check.NotUtf8 notUtf8) {
            problems.write(response, Problems.problem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
                    "the request could not be read", List.of(new FieldViolation("body",
                            "must be UTF-8 (with no NUL byte): byte " + notUtf8.offset() + " is not"))));
            return;
        }
        IdempotentRequest.Key scoped = new IdempotentRequest.Key(actor.get().party().value(),
                scope(Callers.scopeRole(), request), key);
        Claim claim;
        try {
            claim = store.claim(scoped, hash(request, body));
        } catch (RuntimeException failed) {
            unavailable(response, failed);
            return;
        }
        if (claim instanceof Claim.Replay replay) {
            replay(response, replay.response());
        } else if (claim instanceof Claim.InProgress) {
            problems.write(response, Problems.problem(HttpStatus.CONFLICT, "REQUEST_IN_PROGRESS",
                    "a request with this Idempotency-Key is still being handled; retry shortly", List.of()));
        } else if (claim instanceof Claim.DifferentRequest) {
            String detail = "Idempotency-Key " + key + " was already used for a different request";
            refusals.recordRefusal(null, actor.get(), request.getMethod() + " " + request.getRequestURI(),
                    ApiProblem.IDEMPOTENCY_KEY_REUSED, detail);
            problems.write(response, Problems.refusal(ApiProblem.IDEMPOTENCY_KEY_REUSED, detail));
        } else {
            runOnce(request, response, chain, body, scoped);
        }
    }

    private void runOnce(HttpServletRequest request, HttpServletResponse response, FilterChain chain, byte[] body,
                         IdempotentRequest.Key key) throws ServletException, IOException {
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean completed = false;
        try {
            try (IdempotentRequest.Scope scope = IdempotentRequest.open(key)) {
                chain.doFilter(new Replayable(request, body), recorded);
            }
            if (recorded.getStatus() < 500) {
                store.complete(key, new Stored(recorded.getStatus(), recorded.getContentType(),
                        recorded.getHeader(HttpHeaders.ETAG), recorded.getHeader(HttpHeaders.LOCATION),
                        recorded.getContentAsByteArray()));
                completed = true;
            }
        } catch (RuntimeException failed) {
            if (!StoreUnavailable.causes(failed)) {
                throw failed;
            }
            // the answer could not be kept: the key stays in flight and a retry resolves it from the store
            completed = true;
            recorded.resetBuffer();
            unavailable(recorded, failed);
        } finally {
            if (!completed) {
                forgetQuietly(key);
            }
            recorded.copyBodyToResponse();
        }
    }

    private void forgetQuietly(IdempotentRequest.Key key) {
        try {
            store.forget(key);
        } catch (RuntimeException failed) {
            if (!StoreUnavailable.causes(failed)) {
                throw failed;
            }
            // left in flight: a retry resolves it from the store
        }
    }

    private void unavailable(HttpServletResponse response, RuntimeException failed) throws IOException {
        if (!StoreUnavailable.causes(failed)) {
            throw failed;
        }
        response.setHeader(HttpHeaders.RETRY_AFTER, StoreUnavailable.RETRY_AFTER_SECONDS);
        problems.write(response, StoreUnavailable.problem());
    }

    private static void replay(HttpServletResponse response, Stored stored) throws IOException {
        response.setStatus(stored.status());
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        if (stored.etag() != null) {
            response.setHeader(HttpHeaders.ETAG, stored.etag());
        }
        if (stored.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, stored.location());
        }
        response.setHeader(REPLAYED, "true");
        if (stored.body() != null) {
            response.getOutputStream().write(stored.body());
        }
    }

    /**
     * The key's scope: the role the party acts in (see {@link Callers#scopeRole()}), and the endpoint
     * (method and path). A path too long for
     * the column is kept as its SHA-256, which still tells endpoints apart.
     */
    static String scope(String role, HttpServletRequest request) {
        String path = RequestPaths.canonical(request);
        if (path.length() > 400) {
            path = "sha256:" + sha256Hex(path.getBytes(StandardCharsets.UTF_8));
        }
        return role + " " + request.getMethod() + " " + path;
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String hash(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            String head = request.getMethod() + " " + RequestPaths.canonical(request) + "?" + request.getQueryString() + "\n"
                    + request.getHeader(HttpHeaders.IF_MATCH) + "\n";
            sha256.update(head.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest(body));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The request with its already-read body, readable again by MVC. */
    private static final class Replayable extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayable(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
