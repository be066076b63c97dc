package uk.smartmeter.restricted.application.schedule;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one way the service runs work on a timer. A {@link ScheduledExecutorService} never runs a fixed-delay task
 * again once it has thrown, so a purge, a watch or a summary would stop for good after one failure, silently. Here
 * every failure, an {@link Error} included, is logged and counted, and the next round runs as planned.
 */
public final class Recurring {

    private static final System.Logger LOG = System.getLogger(Recurring.class.getName());

    private final String name;
    private final Runnable task;
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean failing;

    private Recurring(String name, Runnable task) {
        this.name = name;
        this.task = task;
    }

    /**
     * Runs {@code task} after {@code first}, then {@code every} after each round ends, until the timer is shut down.
     *
     * @param name what the task is, for the log
     */
    public static Recurring schedule(ScheduledExecutorService timer, String name, Duration first, Duration every,
                                     Runnable task) {
        Recurring recurring = new Recurring(name, task);
        ScheduledFuture<?> ignored = timer.scheduleWithFixedDelay(recurring::round, first.toNanos(), every.toNanos(),
                TimeUnit.NANOSECONDS);
        return recurring;
    }

    /** How many rounds have failed so far. */
    public long failures() {
        return failures.get();
    }

    private void round() {
        try {
            task.run();
            if (failing) {
                failing = false;
                LOG.log(System.Logger.Level.INFO, name + " runs again");
            }
        } catch (Throwable failed) {
            failures.incrementAndGet();
            // the first failure of a run of them with its stack; the rest in a line each
            if (!failing) {
                failing = true;
                LOG.log(System.Logger.Level.WARNING, name + " failed; it runs again next round", failed);
            } else {
                LOG.log(System.Logger.Level.WARNING, name + " failed again: " + failed);
            }
        }
    }
}
