package uk.smartmeter.restricted.bootstrap;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import uk.smartmeter.restricted.application.port.in.ApplyRestrictionUseCase;
import uk.smartmeter.restricted.application.port.in.ClearRestrictionUseCase;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.application.port.in.EnrolDeviceUseCase;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Attestation;
import uk.smartmeter.restricted.domain.device.ClearReason;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.Mpxn;
import uk.smartmeter.restricted.domain.device.PaymentMode;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
import uk.smartmeter.restricted.domain.device.SiteCharacteristics;
import uk.smartmeter.restricted.domain.device.SmetsVersion;
import uk.smartmeter.restricted.domain.device.SmiStatus;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.command.ApplyRestriction;
import uk.smartmeter.restricted.domain.device.command.ClearRestriction;
import uk.smartmeter.restricted.domain.device.command.EnrolDevice;

/**
 * Meters enrolled through the in-ports, spread over the three CSP regions, then their flags applied and
 * cleared in turn by their Supplier: each meter's changes in order on one thread, meters in parallel.
 */
public final class FlagChurn {

    private static final ResponsibleSupplier SUPPLIER = ResponsibleSupplier.of("SUPPLIER-CHURN", UserRole.IS);
    private static final Actor DCC = Actor.of("DCC-DSP", UserRole.DCC);
    private static final Actor ALICE = new Actor(SUPPLIER.party(), UserRole.IS, "alice");

    private final EnrolDeviceUseCase enrol;
    private final ApplyRestrictionUseCase apply;
    private final ClearRestrictionUseCase clear;
    private final AtomicLong changes = new AtomicLong();

    public FlagChurn(EnrolDeviceUseCase enrol, ApplyRestrictionUseCase apply, ClearRestrictionUseCase clear) {
        this.enrol = enrol;
        this.apply = apply;
        this.clear = clear;
    }

    /** The meter number {@code n} of a run with this prefix (two hex octets). */
    public static DeviceId meter(int prefix, int n) {
        return DeviceId.of(String.format("00-DB-%02X-%02X-00-%02X-%02X-%02X", prefix >> 8 & 0xFF, prefix & 0xFF,
                n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF));
    }

    public static CspRegion regionOf(int n) {
        return CspRegion.values()[n % 3];
    }

    public List<DeviceId> enrolMeters(int prefix, int count) {
        List<DeviceId> meters = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            DeviceId meter = meter(prefix, n);
            CommandOutcome outcome = enrol.enrol(new EnrolDevice(meter, DCC, null, DeviceType.ESME, SmetsVersion.SMETS2,
                    SmiStatus.COMMISSIONED, meter(prefix + 1, n), SmiStatus.COMMISSIONED, null,
                    Mpxn.of(String.format("19%011d", n)), regionOf(n), PaymentMode.CREDIT, SUPPLIER,
                    new SiteCharacteristics(false, false, false)));
            if (!(outcome.decision() instanceof Decision.Accepted)) {
                throw new IllegalStateException("enrolment refused: " + outcome.decision());
            }
            meters.add(meter);
        }
        return meters;
    }

    /** Applies and clears each meter's flag in turn, {@code perMeter} changes each, on {@code threads} threads. */
    public void churn(List<DeviceId> meters, int perMeter, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                work.add(pool.submit(() -> {
                    for (int round = 0; round < perMeter; round++) {
                        for (int m = first; m < meters.size(); m += threads) {
                            change(meters.get(m), round % 2 == 0);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One flag change: applied when {@code on}, else cleared. */
    public void change(DeviceId meter, boolean on) {
        CommandOutcome outcome = on
                ? apply.applyRestriction(new ApplyRestriction(meter, ALICE, new Attestation("RS-CHURN",
                        LocalDate.of(2026, 1, 1))))
                : clear.clearRestriction(new ClearRestriction(meter, ALICE, ClearReason.CONSUMER_REQUEST));
        if (!(outcome.decision() instanceof Decision.Accepted accepted) || accepted.changedNothing()) {
            throw new IllegalStateException("flag change on " + meter + " did nothing: " + outcome.decision());
        }
        changes.incrementAndGet();
    }

    public long changes() {
        return changes.get();
    }
}
