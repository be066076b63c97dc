package uk.smartmeter.restricted.application.gate.bench;

import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import uk.smartmeter.restricted.application.gate.GateCounters;
import uk.smartmeter.restricted.application.gate.GateService;
import uk.smartmeter.restricted.application.port.in.RequestRef;
import uk.smartmeter.restricted.application.gate.RestrictedIndex;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.gate.AlertCatalogue;
import uk.smartmeter.restricted.domain.gate.GateVerdict;
import uk.smartmeter.restricted.domain.gate.RestrictedGate;
import uk.smartmeter.restricted.domain.gate.ServiceReferenceVariant;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.gate.SrvEntry;

/**
 * The in-process gate's hot path, with 1,000,000 Restricted meters in the index (half electricity, half
 * gas with their GPFs). Run with {@code bench/gate-jmh.sh} (adds {@code -prof gc} for allocation per
 * decision). One thread: decisions per second per core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class GateDecisionBenchmark {

    private static final int RESTRICTED = 1_000_000;
    private static final int PROBES = 1 << 16;
    private static final long BASE = 0x00DB_1234_0000_0000L;

    private RestrictedGate gate;
    private RestrictedIndex index;
    private GateService port;
    private SrvEntry[] srvs;
    private long[] devices;
    private long[] unrestrictedDevices;
    private int next;
    private final RequestRef request = RequestRef.of("90-B3-D5-1F-30-01-00-00:00-DB-12-34-00-00-00-01:1",
            PartyId.of("90-B3-D5-1F-30-01-00-00"), UserRole.IS);

    @Setup
    public void fill() {
        index = new RestrictedIndex();
        for (long meter = 0; meter < RESTRICTED; meter++) {
            long eui = BASE + meter * 2;
            if (meter % 2 == 1) {
                index.restricted(eui, DeviceType.GSME, 2, eui + 1);
            } else {
                index.restricted(eui, DeviceType.ESME, 2, 0);
            }
        }
        index.current(true);
        gate = new RestrictedGate(SrvCatalogue.bundled(), AlertCatalogue.bundled());
        port = new GateService(gate, index, new CountingReceipts(), new GateCounters(), Clock.systemUTC());
        srvs = new SrvEntry[PROBES];
        devices = new long[PROBES];
        unrestrictedDevices = new long[PROBES];
        List<SrvEntry> catalogue = List.copyOf(gate.catalogue().entries());
        SrvEntry read = gate.catalogue().entry(ServiceReferenceVariant.of("4.1.1")).orElseThrow();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < PROBES; i++) {
            srvs[i] = i % 2 == 0 ? read : catalogue.get(random.nextInt(catalogue.size()));
            // half restricted meters or their GPFs, half devices the index has never seen
            devices[i] = random.nextBoolean() ? BASE + random.nextLong(2L * RESTRICTED)
                    : BASE + 4L * RESTRICTED + random.nextLong(1L << 30);
            unrestrictedDevices[i] = BASE + 4L * RESTRICTED + random.nextLong(1L << 30);
        }
    }

    /** The domain's rule over the index: one catalogue entry, one probe. Mixed ALLOW and DENY verdicts. */
    @Benchmark
    public GateVerdict decision() {
        int i = next++ & (PROBES - 1);
        return gate.serviceRequest(srvs[i], devices[i], index);
    }

    /** The in-process port as the DSP embeds it, in its steady state (ALLOW): decision plus counting. */
    @Benchmark
    public GateVerdict portAllow() {
        int i = next++ & (PROBES - 1);
        return port.serviceRequest(request, srvs[i], unrestrictedDevices[i]);
    }
}
