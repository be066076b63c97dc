package uk.smartmeter.restricted.bootstrap;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * The suites' one way to wait for something to become true: Awaitility, polling every 20 ms up to a deadline, and
 * failing with what was awaited when the deadline passes. No test synchronises with a fixed sleep.
 */
public final class Eventually {

    private static final Duration POLL = Duration.ofMillis(20);

    private Eventually() {
    }

    /** Polls {@code probe} until its value satisfies {@code done}, and answers that value. */
    public static <T> T value(String what, Duration within, Callable<T> probe, Predicate<? super T> done) {
        return Awaitility.await(what).atMost(within).pollDelay(Duration.ZERO).pollInterval(POLL)
                .until(probe, done::test);
    }

    /** Polls {@code condition} until it holds. An assertion that fails inside it fails the test at once. */
    public static void holds(String what, Duration within, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(within).pollDelay(Duration.ZERO).pollInterval(POLL).until(condition);
    }
}
