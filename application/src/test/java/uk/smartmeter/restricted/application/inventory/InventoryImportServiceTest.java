package uk.smartmeter.restricted.application.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.application.port.in.EnrolDevicesUseCase;
import uk.smartmeter.restricted.application.port.in.ImportInventory;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.Device;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceTestData;
import uk.smartmeter.restricted.domain.device.command.EnrolDevice;

/**
 * The bulk import's chunks run in parallel, yet every line is answered in file order, a meter named in two chunks is
 * enrolled in file order, and a chunk whose transaction fails as a whole is enrolled again line by line.
 */
class InventoryImportServiceTest {

    private final ExecutorService workers = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    private static EnrolDevice enrolment(int n) {
        return DeviceTestData.anEligibleEsme().id(DeviceId.of(String.format("00-DB-12-34-56-78-%02X-%02X", n / 256,
                n % 256))).build();
    }

    private static CommandOutcome lostTheRace(EnrolDevice command) {
        return new CommandOutcome(new Decision.Refused(new uk.smartmeter.restricted.domain.device.Refusal(
                uk.smartmeter.restricted.domain.device.RefusalCode.CONCURRENT_UPDATE, "another node was first")),
                Device.notEnrolled(command.deviceId()));
    }

    private static CommandOutcome accepted(EnrolDevice command) {
        return new CommandOutcome(new Decision.Accepted(List.of()), Device.notEnrolled(command.deviceId()));
    }

    @Test
    void chunksRunInParallelButLinesAreAnsweredInFileOrderAndARepeatedMeterInFileOrder() throws Exception {
        CountDownLatch secondChunkStarted = new CountDownLatch(1);
        AtomicInteger batches = new AtomicInteger();
        Map<DeviceId, List<Integer>> callsByMeter = new ConcurrentHashMap<>();
        EnrolDevicesUseCase enrol = commands -> {
            int batch = batches.incrementAndGet();
            if (commands.get(0).deviceId().equals(enrolment(0).deviceId())) {
                // the first chunk waits until a later one has started: proof they run side by side
                try {
                    assertThat(secondChunkStarted.await(10, TimeUnit.SECONDS)).as("a second chunk in parallel").isTrue();
                } catch (InterruptedException interrupted) {
                    throw new IllegalStateException(interrupted);
                }
            } else {
                secondChunkStarted.countDown();
            }
            commands.forEach(command -> callsByMeter.computeIfAbsent(command.deviceId(),
                    id -> Collections.synchronizedList(new ArrayList<>())).add(batch));
            return commands.stream().map(InventoryImportServiceTest::accepted).toList();
        };
        InventoryImportService imports = new InventoryImportService(enrol, workers, 3, 4);
        List<Integer> answered = new CopyOnWriteArrayList<>();
        List<Boolean> hadOutcome = new CopyOnWriteArrayList<>();
        try (ImportInventory.Session<Integer> session = imports.open(answer -> {
            answered.add(answer.line());
            hadOutcome.add(answer.outcome() != null);
        })) {
            for (int line = 0; line < 30; line++) {
                // line 7 names meter 0 again (a later chunk than meter 0's first line); every 5th line is invalid
                EnrolDevice command = line == 7 ? enrolment(0) : line % 5 == 4 ? null : enrolment(line);
                session.offer(line, command);
            }
        }
        assertThat(answered).as("file order").containsExactlyElementsOf(java.util.stream.IntStream.range(0, 30).boxed()
                .toList());
        assertThat(hadOutcome.get(4)).as("an invalid line keeps its place, with no outcome").isFalse();
        assertThat(hadOutcome.get(7)).isTrue();
        List<Integer> meterZero = callsByMeter.get(enrolment(0).deviceId());
        assertThat(meterZero).as("meter 0, named in chunks 1 and 3").hasSize(2);
        assertThat(meterZero.get(0)).as("its first line decided first").isLessThan(meterZero.get(1));
    }

    @Test
    void aChunkWhoseTransactionFailsIsEnrolledLineByLine() {
        List<List<DeviceId>> calls = new CopyOnWriteArrayList<>();
        EnrolDevicesUseCase enrol = commands -> {
            calls.add(commands.stream().map(EnrolDevice::deviceId).toList());
            if (commands.size() > 1) {
                throw new IllegalStateException("another writer raced the batch");
            }
            return List.of(accepted(commands.get(0)));
        };
        List<CommandOutcome> outcomes = new ArrayList<>();
        try (ImportInventory.Session<Integer> session = new InventoryImportService(enrol, workers, 3, 1)
                .open(answer -> outcomes.add(answer.outcome()))) {
            for (int line = 0; line < 3; line++) {
                session.offer(line, enrolment(line));
            }
        }
        assertThat(outcomes).hasSize(3).allSatisfy(outcome -> assertThat(outcome).isNotNull());
        assertThat(calls).containsExactly(List.of(enrolment(0).deviceId(), enrolment(1).deviceId(),
                enrolment(2).deviceId()), List.of(enrolment(0).deviceId()), List.of(enrolment(1).deviceId()),
                List.of(enrolment(2).deviceId()));
    }

    /** A line that keeps losing races is answered CONCURRENT_UPDATE; one that wins on a later try is enrolled. */
    @Test
    void aLineThatKeepsLosingARaceIsAnsweredConcurrentUpdateAndTheImportGoesOn() {
        AtomicInteger secondLineTries = new AtomicInteger();
        EnrolDevicesUseCase enrol = commands -> {
            if (commands.size() > 1) {
                throw new IllegalStateException("another node enrolled one of these meters");
            }
            EnrolDevice command = commands.get(0);
            if (command.deviceId().equals(enrolment(1).deviceId()) && secondLineTries.incrementAndGet() < 2) {
                return List.of(lostTheRace(command));
            }
            if (command.deviceId().equals(enrolment(2).deviceId())) {
                return List.of(lostTheRace(command));
            }
            return List.of(accepted(command));
        };
        List<CommandOutcome> outcomes = new ArrayList<>();
        try (ImportInventory.Session<Integer> session = new InventoryImportService(enrol, workers, 4, 1)
                .open(answer -> outcomes.add(answer.outcome()))) {
            for (int line = 0; line < 4; line++) {
                session.offer(line, enrolment(line));
            }
        }
        assertThat(outcomes).hasSize(4);
        assertThat(outcomes.get(1).decision()).isInstanceOf(Decision.Accepted.class);
        assertThat(outcomes.get(2).decision()).isInstanceOfSatisfying(Decision.Refused.class,
                refused -> assertThat(refused.code()).isEqualTo(uk.smartmeter.restricted.domain.device.RefusalCode
                        .CONCURRENT_UPDATE));
        assertThat(outcomes.get(3).decision()).isInstanceOf(Decision.Accepted.class);
    }

    /** The store unreachable is not a race: the import fails, rather than answering lines it never decided. */
    @Test
    void aStoreThatFailsEveryTimeFailsTheImport() {
        EnrolDevicesUseCase enrol = commands -> {
            throw new IllegalStateException("the store is unreachable");
        };
        ImportInventory.Session<Integer> session = new InventoryImportService(enrol, workers, 2, 1)
                .open(answer -> { });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                    session.offer(0, enrolment(0));
                    session.offer(1, enrolment(1));
                    session.close();
                })
                .isInstanceOf(java.util.concurrent.CompletionException.class)
                .hasRootCauseMessage("the store is unreachable");
    }
}
