package uk.smartmeter.restricted.adapter.rest.ratelimit;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import uk.smartmeter.restricted.adapter.rest.problem.ProblemResponses;
import uk.smartmeter.restricted.adapter.rest.problem.Problems;
import uk.smartmeter.restricted.adapter.rest.security.Callers;
import uk.smartmeter.restricted.adapter.rest.problem.RequestPaths;
import uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.application.input.ApiProblem;

/**
 * Per-party rate limits on the party-facing API, with Resilience4j's rate limiter (one per party and
 * kind of traffic, never waiting for a permit). It runs after authentication, so it counts parties, not
 * addresses, and before the idempotency filter and the controllers, so a limited request claims no key
 * and records no refusal of its own. Over the limit: 429 problem+json with {@code Retry-After}, a
 * {@value #METRIC} count tagged by party and kind, and, once per party and summary interval, one
 * {@code RATE_LIMITED} refusal in the history with the count and the window.
 */
public final class RateLimitFilter extends OncePerRequestFilter {

    public static final String METRIC = "restricted.api.rate.limited";
    private static final Logger LOG = LoggerFactory.getLogger(RateLimitFilter.class);
    private static final List<String> GATE_PATHS = List.of("/api/v1/gate/decisions", "/api/v1/gate/duis");

    /** What a party sent over its limit since the last summary. */
    private static final class Tally {
        final Instant since;
        Actor last;
        long count;

        Tally(Instant since) {
            this.since = since;
        }
    }

    private final RateLimiterRegistry limiters = RateLimiterRegistry.ofDefaults();
    private final RateLimiterConfig api;
    private final RateLimiterConfig gate;
    private final String apiLimit;
    private final String gateLimit;
    private final ProblemResponses problems;
    private final RecordRefusalUseCase refusals;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Tally> over = new ConcurrentHashMap<>();

    /** {@code gateLimit} 0: the gate's traffic is not limited. */
    public RateLimitFilter(int limit, Duration period, int gateLimit, Duration gatePeriod, ProblemResponses problems,
                           RecordRefusalUseCase refusals, MeterRegistry meters, Clock clock) {
        this.api = config(limit, period);
        this.gate = gateLimit == 0 ? null : config(gateLimit, gatePeriod);
        this.apiLimit = limit + " requests per " + words(period);
        this.gateLimit = gateLimit + " requests per " + words(gatePeriod);
        this.problems = problems;
        this.refusals = refusals;
        this.meters = meters;
        this.clock = clock;
    }

    private static String words(Duration period) {
        long millis = period.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static RateLimiterConfig config(int limit, Duration period) {
        return RateLimiterConfig.custom().limitForPeriod(limit).limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO).build();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RequestPaths.routed(request).startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var actor = Callers.bestEffortActor();
        // the gate's own limit is for the DCC's gate traffic; anyone else asking the gate (and being refused,
        // and recorded, for it) counts against the ordinary limit
        boolean gateTraffic = actor.isPresent() && actor.get().role() == uk.smartmeter.restricted.domain.device.UserRole.DCC
                && GATE_PATHS.stream().anyMatch(RequestPaths.routed(request)::startsWith);
        RateLimiterConfig config = gateTraffic ? gate : api;
        if (actor.isEmpty() || config == null) {
            chain.doFilter(request, response);
            return;
        }
        String kind = gateTraffic ? "gate" : "api";
        String party = actor.get().party().value();
        RateLimiter limiter = limiters.rateLimiter(kind + ":" + party, config);
        if (limiter.acquirePermission()) {
            chain.doFilter(request, response);
            return;
        }
        long retryAfter = retryAfterSeconds(limiter, config);
        Counter.builder(METRIC).tag("party", party).tag("kind", kind).register(meters).increment();
        over.compute(kind + ":" + party, (key, tally) -> {
            Tally counted = tally == null ? new Tally(clock.instant()) : tally;
            counted.count++;
            counted.last = actor.get();
            return counted;
        });
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        problems.write(response, Problems.refusal(ApiProblem.RATE_LIMITED, "more than "
                + (gateTraffic ? gateLimit : apiLimit) + " from this party; retry after " + retryAfter + " s"));
    }

    private static long retryAfterSeconds(RateLimiter limiter, RateLimiterConfig config) {
        long nanos = limiter instanceof AtomicRateLimiter atomic ? atomic.getDetailedMetrics().getNanosToWait()
                : config.getLimitRefreshPeriod().toNanos();
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    /**
     * Records one RATE_LIMITED refusal per party and kind that went over its limit since the last summary,
     * with the count and the window. A summary that cannot be recorded (the store is down) is kept for the
     * next one; nothing is lost but what a kill -9 takes with it.
     */
    public void summarise() {
        Instant now = clock.instant();
        for (String key : List.copyOf(over.keySet())) {
            Tally tally = over.remove(key);
            if (tally == null) {
                continue;
            }
            String kind = key.substring(0, key.indexOf(':'));
            String detail = tally.count + " request(s) refused 429 over the " + kind + " limit of "
                    + ("gate".equals(kind) ? gateLimit : apiLimit) + " between " + tally.since + " and " + now;
            try {
                refusals.recordRefusal(null, tally.last, "RateLimit(" + kind + ")", ApiProblem.RATE_LIMITED, detail);
            } catch (RuntimeException failed) {
                LOG.warn("could not record the rate-limit summary for {}; kept for the next one: {}", key,
                        failed.toString());
                over.merge(key, tally, (newer, older) -> {
                    older.count += newer.count;
                    older.last = newer.last;
                    return older;
                });
            }
        }
    }
}
