package uk.smartmeter.restricted.application.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.application.port.out.GateReceipt;
import uk.smartmeter.restricted.application.port.out.GateReceipts;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.gate.GateVerdict;

/** A denial waits for its receipt, but never for longer than the receipt wait, whatever the store does. */
class BoundedReceiptsTest {

    private static final GateReceipt RECEIPT = new GateReceipt("r-1", PartyId.of("90-B3-D5-1F-30-01-00-00"),
            UserRole.IS, "SERVICE_REQUEST", "4.1.1", null, DeviceId.of("00-DB-12-34-56-78-90-A0"),
            GateVerdict.DENY_STATUS_UNKNOWN, null, null, Instant.parse("2026-12-04T00:00:00Z"), "1");

    private final ThreadPoolExecutor writers = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(1), new ThreadPoolExecutor.AbortPolicy());
    private final CountDownLatch storeAnswers = new CountDownLatch(1);
    private final List<GateReceipt> written = new CopyOnWriteArrayList<>();
    private volatile boolean storeFails;
    private final GateCounters counters = new GateCounters();

    private final GateReceipts hangingStore = new GateReceipts() {
        @Override
        public void record(List<GateReceipt> receipts) {
            try {
                storeAnswers.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            if (storeFails) {
                throw new IllegalStateException("the store is gone");
            }
            written.addAll(receipts);
        }

        @Override
        public List<GateReceipt.Recorded> forRequest(String requestId) {
            return List.of();
        }

        @Override
        public List<GateReceipt.Recorded> forDevice(String deviceId, long after, int limit) {
            return List.of();
        }
    };

    @AfterEach
    void release() {
        storeAnswers.countDown();
        writers.shutdownNow();
    }

    @Test
    void aReceiptIsWrittenBeforeTheDenialIsAnsweredWhenTheStoreAnswersInTime() {
        storeAnswers.countDown();
        BoundedReceipts receipts = new BoundedReceipts(hangingStore, writers, Duration.ofSeconds(5), counters);

        receipts.record(List.of(RECEIPT));

        assertThat(written).containsExactly(RECEIPT);
        assertThat(receipts.late()).isZero();
    }

    @Test
    void aHungStoreHoldsTheDenialForTheReceiptWaitOnlyAndTheWriteGoesOn() {
        BoundedReceipts receipts = new BoundedReceipts(hangingStore, writers, Duration.ofMillis(50), counters);

        receipts.record(List.of(RECEIPT));

        assertThat(written).as("answered while the store still hangs").isEmpty();
        assertThat(receipts.late()).isEqualTo(1);
        storeAnswers.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> written.contains(RECEIPT));
        assertThat(counters.receiptsNotRecorded()).isZero();
    }

    @Test
    void aLateWriteThatFailsIsCountedAsNotRecorded() {
        storeFails = true;
        BoundedReceipts receipts = new BoundedReceipts(hangingStore, writers, Duration.ofMillis(50), counters);

        receipts.record(List.of(RECEIPT));
        storeAnswers.countDown();

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> counters.receiptsNotRecorded() == 1);
        assertThat(written).isEmpty();
    }

    @Test
    void whenEveryWriterIsHeldByAHungStoreAReceiptIsCountedAtOnceNotQueuedWithoutLimit() {
        BoundedReceipts receipts = new BoundedReceipts(hangingStore, writers, Duration.ofMillis(20), counters);

        receipts.record(List.of(RECEIPT)); // the one writer, hung
        receipts.record(List.of(RECEIPT)); // the one place in the queue
        receipts.record(List.of(RECEIPT)); // refused: counted, never waited on

        assertThat(counters.receiptsNotRecorded()).isEqualTo(1);
        assertThat(receipts.late()).isEqualTo(2);
    }

    @Test
    void aWriteThatFailsInTimeFailsTheRecordAsTheStoreWould() {
        storeFails = true;
        storeAnswers.countDown();
        BoundedReceipts receipts = new BoundedReceipts(hangingStore, writers, Duration.ofSeconds(5), counters);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> receipts.record(List.of(RECEIPT)))
                .isInstanceOf(IllegalStateException.class).hasMessage("the store is gone");
    }
}
