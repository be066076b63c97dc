package uk.smartmeter.restricted.domain.reconciliation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.Mpxn;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * A reconciliation of the store's meters with registration (issue 18, F14). Registration lines are offered one by
 * one, in input order; for each meter point only the line in force is kept (the latest effective-from, and of equal
 * ones the later line), so memory grows with meter points, not with lines, and a snapshot or a day's delta read twice
 * gives the same result. {@link #findings()} then compares each meter point once. Nothing is changed: each finding
 * names the DCC command that would correct it.
 */
public final class Reconciliation {

    /** Restricted meters first, then by meter point, then by device. */
    private static final Comparator<Mismatch> LISTING = Comparator.comparing((Mismatch m) -> !m.restricted())
            .thenComparing(m -> m.mpxn().value())
            .thenComparing(m -> m.deviceId() == null ? "" : m.deviceId().value());

    private final Map<Mpxn, List<StoreMeter>> meters = new HashMap<>();
    private final Map<Mpxn, Registration> inForce = new HashMap<>();
    private final java.time.Instant asOf;
    private final RegistrationScope scope;
    private final List<String> files;
    private long notYetInForce;

    /** A snapshot, every line taken as in force whatever its effective-from, its files unnamed. */
    public Reconciliation(Iterable<StoreMeter> storeMeters) {
        this(storeMeters, java.time.Instant.MAX);
    }

    /** A snapshot whose files are unnamed. */
    public Reconciliation(Iterable<StoreMeter> storeMeters, java.time.Instant asOf) {
        this(storeMeters, asOf, RegistrationScope.SNAPSHOT, List.of());
    }

    /**
     * @param asOf  a line effective after this time is not in force yet: it is counted ({@link #notYetInForce()}) and
     *              compared with nothing
     * @param scope whether the lines cover every registered meter point or only a day's changes
     * @param files the registration files' names, by {@link Registration#input()}: each finding names its file
     */
    public Reconciliation(Iterable<StoreMeter> storeMeters, java.time.Instant asOf, RegistrationScope scope,
                          List<String> files) {
        this.asOf = java.util.Objects.requireNonNull(asOf, "asOf is required");
        this.scope = java.util.Objects.requireNonNull(scope, "scope is required");
        this.files = List.copyOf(files);
        for (StoreMeter meter : storeMeters) {
            meters.computeIfAbsent(meter.mpxn(), key -> new ArrayList<>(1)).add(meter);
        }
    }

    public void offer(Registration registration) {
        if (registration.effectiveFrom().isAfter(asOf)) {
            notYetInForce++;
            return;
        }
        inForce.merge(registration.mpxn(), registration,
                (kept, offered) -> offered.supersedes(kept) ? offered : kept);
    }

    /** The lines offered that take effect after the reconciliation's time. */
    public long notYetInForce() {
        return notYetInForce;
    }

    /** The meter points with a line in force. */
    public int meterPoints() {
        return inForce.size();
    }

    /**
     * Every finding, by kind in {@link MismatchKind}'s order, each kind's listing Restricted meters first. A
     * {@link RegistrationScope#DELTA delta} makes no {@link MismatchKind#NO_REGISTRATION} finding.
     */
    public Map<MismatchKind, List<Mismatch>> findings() {
        Map<MismatchKind, List<Mismatch>> found = new EnumMap<>(MismatchKind.class);
        for (MismatchKind kind : MismatchKind.values()) {
            found.put(kind, new ArrayList<>());
        }
        for (Registration registration : inForce.values()) {
            List<StoreMeter> atPoint = meters.get(registration.mpxn());
            if (atPoint == null) {
                found.get(MismatchKind.MPXN_UNKNOWN).add(new Mismatch(MismatchKind.MPXN_UNKNOWN, registration.mpxn(),
                        null, false, fileOf(registration), registration.line(), "registration lists "
                        + registration.mpxn() + " under " + registration.supplier() + " (" + registration.role() + ") but no enrolled meter has it",
                        "POST /api/v1/devices, if a smart meter at this point should be enrolled"));
                continue;
            }
            for (StoreMeter meter : atPoint) {
                compare(meter, registration, found);
            }
        }
        for (Map.Entry<Mpxn, List<StoreMeter>> point : meters.entrySet()) {
            if (scope == RegistrationScope.SNAPSHOT && !inForce.containsKey(point.getKey())) {
                for (StoreMeter meter : point.getValue()) {
                    found.get(MismatchKind.NO_REGISTRATION).add(new Mismatch(MismatchKind.NO_REGISTRATION,
                            meter.mpxn(), meter.deviceId(), meter.restricted(), null, 0, "meter " + meter.deviceId()
                            + " is enrolled at " + meter.mpxn() + " but registration does not list the point",
                            "none here: confirm with registration; if the meter is gone, POST /api/v1/devices/"
                                    + meter.deviceId() + "/smi-status-changes with status DECOMMISSIONED"));
                }
            }
        }
        found.values().forEach(listing -> listing.sort(LISTING));
        return found;
    }

    /** The number of findings of each kind. */
    public static Map<MismatchKind, Integer> counts(Map<MismatchKind, List<Mismatch>> findings) {
        Map<MismatchKind, Integer> counts = new EnumMap<>(MismatchKind.class);
        findings.forEach((kind, listing) -> counts.put(kind, listing.size()));
        return counts;
    }

    private String fileOf(Registration registration) {
        return registration.input() < files.size() ? files.get(registration.input()) : null;
    }

    private void compare(StoreMeter meter, Registration registration, Map<MismatchKind, List<Mismatch>> found) {
        String file = fileOf(registration);
        boolean electricity = meter.type() == DeviceType.ESME;
        UserRole fuelRole = meter.type().supplierRole();
        if (registration.electricity() != electricity || registration.role() != fuelRole
                || registration.role() != meter.responsible().role()) {
            found.get(MismatchKind.FUEL_OR_ROLE_MISMATCH).add(new Mismatch(MismatchKind.FUEL_OR_ROLE_MISMATCH,
                    meter.mpxn(), meter.deviceId(), meter.restricted(), file, registration.line(), "registration says "
                    + (registration.electricity() ? "electricity" : "gas") + " supplied as " + registration.role()
                    + "; the store holds a " + meter.type() + " supplied as " + meter.responsible().role(),
                    "none here: no DCC command changes a meter's fuel; correct registration or re-enrol the meter"));
            return;
        }
        if (!registration.supplier().equals(meter.responsible().party())) {
            found.get(MismatchKind.CHANGE_OF_SUPPLIER_NOT_RECEIVED).add(new Mismatch(
                    MismatchKind.CHANGE_OF_SUPPLIER_NOT_RECEIVED, meter.mpxn(), meter.deviceId(), meter.restricted(),
                    file, registration.line(), "registration names " + registration.supplier() + " from "
                    + registration.effectiveFrom() + "; the store's responsible Supplier is "
                    + meter.responsible().party(), "POST /api/v1/devices/" + meter.deviceId()
                    + "/supplier-changes with gainingSupplier " + registration.supplier() + " (" + registration.role()
                    + ") effective " + registration.effectiveFrom()));
        }
        if (meter.restricted() && !registration.supplier().equals(meter.flagHeldBy())) {
            found.get(MismatchKind.FLAG_UNDER_UNREGISTERED_SUPPLIER).add(new Mismatch(
                    MismatchKind.FLAG_UNDER_UNREGISTERED_SUPPLIER, meter.mpxn(), meter.deviceId(), true,
                    file, registration.line(), "the Restricted flag is held under " + meter.flagHeldBy()
                    + ", but registration names " + registration.supplier(), "POST /api/v1/devices/"
                    + meter.deviceId() + "/supplier-changes with gainingSupplier " + registration.supplier() + " ("
                    + registration.role() + ") effective " + registration.effectiveFrom()
                    + ": the flag then moves to the registered Supplier"));
        }
    }
}
