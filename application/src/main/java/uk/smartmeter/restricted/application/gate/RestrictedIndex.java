package uk.smartmeter.restricted.application.gate;

import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.gate.RestrictedMeters;

/**
 * The gate's read model: which meters are Restricted now, which GPFs belong to a Restricted gas meter,
 * and, for every gas meter, its GPF (from the enrolment facts, so that a restriction can reach the GPF).
 * Fed by the Device events, in memory, rebuilt by replay on start-up.
 *
 * <p>Each meter's entry remembers the device version (the event's sequence number) that set it, and an
 * event older than that is ignored: two feeds (this node's own commits and the tracking processor that
 * sees every node's) can deliver the same event twice or late, and neither can wind a flag back.
 *
 * <p>Readers never lock and never allocate; writers take the index's lock.
 */
public final class RestrictedIndex implements RestrictedMeters {

    static final byte NOT_RESTRICTED = 1;
    static final byte RESTRICTED_ESME = 2;
    static final byte RESTRICTED_GSME = 3;
    static final byte GPF_OF_RESTRICTED_GSME = 4;
    /** A GPF whose gas meter is no longer Restricted (kept apart from a meter's own NOT_RESTRICTED). */
    static final byte GPF_CLEARED = 5;
    private static final byte LINKED = 1;

    private final Object writeLock = new Object();
    /** Meters that have ever been Restricted, and GPFs of Restricted gas meters. Published after each write. */
    private volatile LongTable flags = new LongTable(1024);
    /** Gas meter → its GPF; written and read by writers only. */
    private LongTable gasProxies = new LongTable(1024);
    private volatile boolean current;
    private int restrictedMeters;

    @Override
    public DeviceType restrictedMeter(long device) {
        return switch (flags.kindOf(device)) {
            case RESTRICTED_ESME -> DeviceType.ESME;
            case RESTRICTED_GSME, GPF_OF_RESTRICTED_GSME -> DeviceType.GSME;
            default -> null;
        };
    }

    @Override
    public boolean current() {
        return current;
    }

    /** Set by whatever watches the feed: false until it has caught up, and whenever it falls too far behind. */
    public void current(boolean caughtUp) {
        this.current = caughtUp;
    }

    /** The meter whose flag makes this device Restricted, and the device version that set it; null if none. */
    public FlagHolder holderOf(long device) {
        LongTable table = flags;
        int slot = table.slotOf(device);
        if (slot < 0) {
            return null;
        }
        byte kind = table.kindAt(slot);
        if (kind == GPF_OF_RESTRICTED_GSME) {
            long meter = table.valueAt(slot);
            int meterSlot = table.slotOf(meter);
            return meterSlot < 0 || table.kindAt(meterSlot) != RESTRICTED_GSME ? null
                    : new FlagHolder(DeviceId.fromEui64(meter), table.valueAt(meterSlot));
        }
        return kind == RESTRICTED_ESME || kind == RESTRICTED_GSME
                ? new FlagHolder(DeviceId.fromEui64(device), table.valueAt(slot)) : null;
    }

    /**
     * A gas meter was enrolled with this GPF. The feeds may deliver the enrolment after the meter's
     * restriction (this node's commit can overtake the start-up replay), so a meter already Restricted
     * passes its flag to the GPF here too.
     */
    public void gasProxyEnrolled(long gasMeter, long gpf) {
        synchronized (writeLock) {
            gasProxies = gasProxies.put(gasMeter, LINKED, gpf);
            LongTable table = flags;
            int slot = table.slotOf(gasMeter);
            if (slot >= 0 && table.kindAt(slot) == RESTRICTED_GSME && isGpfSlot(table, gpf)) {
                flags = table.put(gpf, GPF_OF_RESTRICTED_GSME, gasMeter);
            }
        }
    }

    /** The meter became Restricted at this device version. */
    public void restricted(long meter, DeviceType type, long version) {
        synchronized (writeLock) {
            LongTable table = flags;
            int slot = table.slotOf(meter);
            if (slot >= 0 && table.valueAt(slot) >= version) {
                return;
            }
            boolean wasRestricted = slot >= 0 && isMeterKind(table.kindAt(slot)) && table.kindAt(slot) != NOT_RESTRICTED;
            table = table.put(meter, type == DeviceType.ESME ? RESTRICTED_ESME : RESTRICTED_GSME, version);
            if (type == DeviceType.GSME) {
                int link = gasProxies.slotOf(meter);
                if (link >= 0 && isGpfSlot(table, gasProxies.valueAt(link))) {
                    table = table.put(gasProxies.valueAt(link), GPF_OF_RESTRICTED_GSME, meter);
                }
            }
            if (!wasRestricted) {
                restrictedMeters++;
            }
            flags = table;
        }
    }

    /** The meter stopped being Restricted (cleared by its Supplier or ended by a fact) at this device version. */
    public void unrestricted(long meter, long version) {
        synchronized (writeLock) {
            LongTable table = flags;
            int slot = table.slotOf(meter);
            if (slot >= 0 && isMeterKind(table.kindAt(slot)) && table.valueAt(slot) >= version) {
                return;
            }
            if (slot >= 0 && table.kindAt(slot) == GPF_OF_RESTRICTED_GSME) {
                // this ID is also the GPF of a Restricted gas meter: that flag holds (enrolment refuses such
                // IDs; the index fails closed should one reach it)
                return;
            }
            boolean wasRestricted = slot >= 0 && isMeterKind(table.kindAt(slot)) && table.kindAt(slot) != NOT_RESTRICTED;
            table = table.put(meter, NOT_RESTRICTED, version);
            int link = gasProxies.slotOf(meter);
            if (link >= 0) {
                long gpf = gasProxies.valueAt(link);
                int gpfSlot = table.slotOf(gpf);
                // only this gas meter's own GPF entry is cleared, never a meter's, nor a GPF another meter holds
                if (gpfSlot >= 0 && table.kindAt(gpfSlot) == GPF_OF_RESTRICTED_GSME && table.valueAt(gpfSlot) == meter) {
                    table = table.put(gpf, GPF_CLEARED, meter);
                }
            }
            if (wasRestricted) {
                restrictedMeters--;
            }
            flags = table;
        }
    }

    private static boolean isMeterKind(byte kind) {
        return kind == NOT_RESTRICTED || kind == RESTRICTED_ESME || kind == RESTRICTED_GSME;
    }

    /** A GPF entry may be written at this ID: it holds nothing, or a GPF's entry, never a meter's own. */
    private static boolean isGpfSlot(LongTable table, long gpf) {
        int slot = table.slotOf(gpf);
        return slot < 0 || !isMeterKind(table.kindAt(slot));
    }

    /** Meters Restricted now. */
    public int restrictedMeters() {
        synchronized (writeLock) {
            return restrictedMeters;
        }
    }

    /** Bytes held by the index's tables (flags and GPF links), for the memory benchmark and metrics. */
    public long footprintBytes() {
        synchronized (writeLock) {
            return flags.footprintBytes() + gasProxies.footprintBytes();
        }
    }

    /** Who holds the flag a denial rests on: the Restricted meter, and its version when the flag was set. */
    public record FlagHolder(DeviceId meter, long flagVersion) {
    }
}
