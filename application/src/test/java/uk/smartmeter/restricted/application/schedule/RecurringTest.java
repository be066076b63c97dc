package uk.smartmeter.restricted.application.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A recurring task that fails, with an exception or an error, runs again next round. */
class RecurringTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aTaskThatThrowsKeepsRunning() {
        AtomicInteger rounds = new AtomicInteger();
        Recurring recurring = Recurring.schedule(timer, "a test task", Duration.ZERO, Duration.ofMillis(1), () -> {
            int round = rounds.incrementAndGet();
            if (round == 1) {
                throw new IllegalStateException("the store is down");
            }
            if (round == 2) {
                throw new AssertionError("an error, not an exception");
            }
            if (round == 3) {
                throw new StackOverflowError();
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() >= 6);
        assertThat(recurring.failures()).isEqualTo(3);
    }

    /** What the service's timers did before: one failure and the task never ran again. */
    @Test
    void aBareFixedDelayTaskStopsAfterOneFailure() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        var future = timer.scheduleWithFixedDelay(() -> {
            rounds.incrementAndGet();
            throw new IllegalStateException("once");
        }, 0, 1, java.util.concurrent.TimeUnit.MILLISECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(future::isDone);
        assertThat(rounds).hasValue(1);
    }
}
