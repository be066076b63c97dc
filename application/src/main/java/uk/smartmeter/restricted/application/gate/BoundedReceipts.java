package uk.smartmeter.restricted.application.gate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import uk.smartmeter.restricted.application.port.out.GateReceipt;
import uk.smartmeter.restricted.application.port.out.GateReceipts;

/**
 * A denial's receipt is written before the denial is answered, but a hung store must not hold the DSP's question
 * for as long as its socket timeout: each write is waited for at most {@code wait}. One that takes longer goes on
 * in the background and the denial is answered (a denial is always safe); it is counted as late, and if it then
 * fails, counted as not recorded and logged with its content, as a failed write always is. Writers are bounded: when
 * all of them are busy with a hung store, a receipt is not queued without limit but counted and logged at once.
 */
public final class BoundedReceipts implements GateReceipts {

    private static final System.Logger LOG = System.getLogger(BoundedReceipts.class.getName());

    private final GateReceipts store;
    private final Executor writers;
    private final long waitNanos;
    private final GateCounters counters;
    private final LongAdder late = new LongAdder();

    /**
     * @param writers a bounded executor that refuses work when full (its refusals are counted, never waited on)
     */
    public BoundedReceipts(GateReceipts store, Executor writers, Duration wait, GateCounters counters) {
        this.store = store;
        this.writers = writers;
        this.waitNanos = wait.toNanos();
        this.counters = counters;
    }

    @Override
    public void record(List<GateReceipt> receipts) {
        CompletableFuture<Void> write;
        try {
            write = CompletableFuture.runAsync(() -> store.record(receipts), writers);
        } catch (RejectedExecutionException busy) {
            notRecorded(receipts, busy);
            return;
        }
        try {
            write.get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException slow) {
            late.increment();
            write.whenComplete((done, failed) -> {
                if (failed != null) {
                    notRecorded(receipts, failed);
                }
            });
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            late.increment();
        }
    }

    /** Denials answered before their receipt was written (it was written later, or counted as not recorded). */
    public long late() {
        return late.sum();
    }

    private void notRecorded(List<GateReceipt> receipts, Throwable failed) {
        counters.receiptsNotRecorded(receipts.size());
        LOG.log(System.Logger.Level.ERROR, "could not record " + receipts.size() + " gate receipt(s): " + receipts,
                failed);
    }

    @Override
    public List<GateReceipt.Recorded> forRequest(String requestId) {
        return store.forRequest(requestId);
    }

    @Override
    public List<GateReceipt.Recorded> forDevice(String deviceId, long after, int limit) {
        return store.forDevice(deviceId, after, limit);
    }
}
