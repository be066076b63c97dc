package uk.smartmeter.restricted.application.gate.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import uk.smartmeter.restricted.application.gate.CatalogueSchedule;
import uk.smartmeter.restricted.application.gate.GateCounters;
import uk.smartmeter.restricted.application.gate.GateService;
import uk.smartmeter.restricted.application.gate.RestrictedIndex;
import uk.smartmeter.restricted.application.port.in.RequestRef;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.gate.AlertCatalogue;
import uk.smartmeter.restricted.domain.gate.GateVerdict;
import uk.smartmeter.restricted.domain.gate.ServiceReferenceVariant;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.gate.SrvEntry;

/**
 * The in-process port as production builds it (a catalogue schedule that must be known, the system clock) while the
 * index changes under it (issue 20): a writer thread applies and clears {@value #CHANGES_PER_SECOND} flags a second,
 * paced, while the readers decide. {@code writes}: {@code static} (no writer: the baseline of the same run),
 * {@code mixed} (electricity and gas meters), {@code gpf-heavy} (gas meters with their GPFs, and four in five
 * questions aimed at a GPF), {@code gpf-static} (the GPF-heavy questions with no writer: the GPF-heavy run's own
 * baseline). {@code decide} asks mixed questions (ALLOW and DENY); {@code decideAllow} only questions the gate
 * allows (devices the index has never seen), the allocation-free steady state. Sample-time mode: each decision's latency, with its percentiles. Run with
 * {@code bench/gate-jmh.sh writes}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class GateUnderWritesBenchmark {

    static final int CHANGES_PER_SECOND = 1_000;
    private static final int METERS = 1_000_000;
    private static final int PROBES = 1 << 16;
    private static final long BASE = 0x00DB_1234_0000_0000L;

    @Param({"static", "mixed", "gpf-static", "gpf-heavy"})
    public String writes;

    private RestrictedIndex index;
    private GateService port;
    private SrvEntry[] srvs;
    private long[] devices;
    private long[] unseen;
    private volatile boolean writing;
    private Thread writer;
    /** Changes the writer applied, to check its pace afterwards. */
    private final AtomicLong changes = new AtomicLong();
    private long startedNanos;
    private final RequestRef request = RequestRef.of("90-B3-D5-1F-30-01-00-00:00-DB-12-34-00-00-00-01:1",
            PartyId.of("90-B3-D5-1F-30-01-00-00"), UserRole.IS);

    /** Each reader's own place in the probes. */
    @State(Scope.Thread)
    public static class Reader {
        int next;
    }

    private static long meter(long n) {
        return BASE + n * 2;
    }

    @Setup(Level.Trial)
    public void fill() {
        index = new RestrictedIndex();
        // half the meters Restricted: even numbers electricity, odd gas with its GPF (the meter's EUI + 1)
        for (long n = 0; n < METERS; n++) {
            if (n % 4 < 2) {
                index.restricted(meter(n), n % 2 == 1 ? DeviceType.GSME : DeviceType.ESME, 2,
                        n % 2 == 1 ? meter(n) + 1 : 0);
            }
        }
        index.current(true);
        CatalogueSchedule schedule = new CatalogueSchedule(SrvCatalogue.bundled(), AlertCatalogue.bundled(),
                Duration.ofDays(2));
        schedule.load(List.of(), Clock.systemUTC().instant());
        port = new GateService(schedule, index, new CountingReceipts(), new GateCounters(), Clock.systemUTC());
        SrvCatalogue catalogue = SrvCatalogue.bundled();
        List<SrvEntry> entries = List.copyOf(catalogue.entries());
        SrvEntry read = catalogue.entry(ServiceReferenceVariant.of("4.1.1")).orElseThrow();
        srvs = new SrvEntry[PROBES];
        devices = new long[PROBES];
        SplittableRandom random = new SplittableRandom(42);
        boolean gpfHeavy = writes.startsWith("gpf");
        unseen = new long[PROBES];
        for (int i = 0; i < PROBES; i++) {
            unseen[i] = BASE + 4L * METERS + random.nextLong(1L << 30);
            srvs[i] = i % 2 == 0 ? read : entries.get(random.nextInt(entries.size()));
            long n = random.nextLong(METERS);
            if (gpfHeavy && random.nextInt(5) < 4) {
                devices[i] = meter(n | 1) + 1;
            } else {
                devices[i] = random.nextBoolean() ? meter(n) : BASE + 4L * METERS + random.nextLong(1L << 30);
            }
        }
        if (!writes.endsWith("static")) {
            writing = true;
            writer = new Thread(this::write, "index-writer");
            writer.setDaemon(true);
            startedNanos = System.nanoTime();
            writer.start();
        }
    }

    /** Paced: the n-th change is applied at start + n ms, as the feeds would apply a busy day's flags. */
    private void write() {
        SplittableRandom random = new SplittableRandom(7);
        boolean gpfHeavy = "gpf-heavy".equals(writes);
        long[] versions = new long[METERS];
        java.util.Arrays.fill(versions, 2);
        long interval = TimeUnit.SECONDS.toNanos(1) / CHANGES_PER_SECOND;
        long next = System.nanoTime();
        while (writing) {
            long n = random.nextLong(METERS);
            if (gpfHeavy) {
                n |= 1;
            }
            int at = (int) n;
            long version = ++versions[at];
            boolean gas = n % 2 == 1;
            long gpf = gas ? meter(n) + 1 : 0;
            if (index.restrictedMeter(meter(n)) != null) {
                index.unrestricted(meter(n), version, RestrictedIndex.Feed.TRACKING, gpf);
            } else {
                index.restricted(meter(n), gas ? DeviceType.GSME : DeviceType.ESME, version, gpf);
            }
            changes.incrementAndGet();
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        if (writer != null) {
            writing = false;
            writer.join();
            double seconds = (System.nanoTime() - startedNanos) / 1e9;
            System.out.printf("%n[writer] %d changes in %.1f s: %.0f changes/s%n", changes.get(), seconds,
                    changes.get() / seconds);
        }
    }

    /** One question through the port, as the DSP asks it: mixed ALLOW and DENY verdicts (R1 denials recorded). */
    @Benchmark
    public GateVerdict decide(Reader reader) {
        int i = reader.next++ & (PROBES - 1);
        return port.serviceRequest(request, srvs[i], devices[i]);
    }

    /** Only questions the gate allows, while the writer changes the index: the port's allocation-free path. */
    @Benchmark
    public GateVerdict decideAllow(Reader reader) {
        int i = reader.next++ & (PROBES - 1);
        return port.serviceRequest(request, srvs[i], unseen[i]);
    }
}
