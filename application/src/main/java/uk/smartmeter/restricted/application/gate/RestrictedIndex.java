package uk.smartmeter.restricted.application.gate;

import java.util.HashMap;
import java.util.Map;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.gate.RestrictedMeters;

/**
 * The gate's read model: which meters are Restricted now, and which GPFs belong to a Restricted gas meter.
 * It holds nothing for a meter that is not Restricted, so its size follows the Restricted meters, not the
 * fleet: a restriction of a gas meter names the meter's GPF (the event's {@code gpfId} metadata, or, for an
 * event stored before that, the GPF its enrolment named), and its end drops both.
 *
 * <p>Each meter's entry remembers the device version (the event's sequence number) that set it, and an
 * event older than that is ignored: two feeds (this node's own commits, {@link Feed#LIVE}, and the
 * tracking processor that sees every node's, {@link Feed#TRACKING}) can deliver the same event twice or
 * late, and neither can wind a flag back. A restriction ended by this node's own commit is kept as a
 * marker with its version until the tracking feed delivers that end too: the tracking feed delivers each
 * device's events in order, so after it nothing older can arrive, and the marker goes.
 *
 * <p>Readers never lock and never allocate; writers take the index's lock.
 */
public final class RestrictedIndex implements RestrictedMeters {

    static final byte NOT_RESTRICTED = 1;
    static final byte RESTRICTED_ESME = 2;
    static final byte RESTRICTED_GSME = 3;
    static final byte GPF_OF_RESTRICTED_GSME = 4;

    /** Which feed delivers an update. */
    public enum Feed {
        /** This node's own commits, as they commit: may overtake the tracking feed. */
        LIVE,
        /** Every node's commits, read back from the store in order: each device's events in its order. */
        TRACKING
    }

    private final Object writeLock = new Object();
    /** Restricted meters, GPFs of Restricted gas meters, and ends not yet seen by the tracking feed. */
    private volatile LongTable flags = new LongTable(1024);
    private volatile boolean current;
    private int restrictedMeters;
    /** Meters with a commit of this node's on its way through the live feed, and how many; writers only. */
    private final Map<Long, Integer> liveInFlight = new HashMap<>();

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
     * The meter became Restricted at this device version; {@code gpf} is a gas meter's GPF (0 for none).
     * Returns false when the update was older than what the index holds for the meter, and ignored.
     */
    public boolean restricted(long meter, DeviceType type, long version, long gpf) {
        synchronized (writeLock) {
            LongTable table = flags;
            int slot = table.slotOf(meter);
            if (slot >= 0 && isMeterKind(table.kindAt(slot)) && table.valueAt(slot) >= version) {
                return false;
            }
            boolean wasRestricted = slot >= 0 && isRestrictedMeter(table.kindAt(slot));
            table = table.put(meter, type == DeviceType.ESME ? RESTRICTED_ESME : RESTRICTED_GSME, version);
            if (type == DeviceType.GSME && gpf != 0 && isGpfSlot(table, gpf)) {
                table = table.put(gpf, GPF_OF_RESTRICTED_GSME, meter);
            }
            if (!wasRestricted) {
                restrictedMeters++;
            }
            flags = table;
            return true;
        }
    }

    /**
     * The meter stopped being Restricted (cleared by its Supplier or ended by a fact) at this device version;
     * {@code gpf} is a gas meter's GPF (0 for none).
     */
    public void unrestricted(long meter, long version, Feed feed, long gpf) {
        synchronized (writeLock) {
            LongTable table = flags;
            int slot = table.slotOf(meter);
            byte kind = slot < 0 ? LongTable.FREE : table.kindAt(slot);
            if (kind == GPF_OF_RESTRICTED_GSME) {
                // this ID is also the GPF of a Restricted gas meter: that flag holds (enrolment refuses such
                // IDs; the index fails closed should one reach it)
                return;
            }
            if (isMeterKind(kind) && table.valueAt(slot) > version
                    || kind == NOT_RESTRICTED && table.valueAt(slot) == version && feed == Feed.LIVE) {
                return;
            }
            if (isMeterKind(kind) && table.valueAt(slot) == version && kind != NOT_RESTRICTED) {
                // the same version cannot both start and end a restriction: a flag set at it holds
                return;
            }
            boolean wasRestricted = isRestrictedMeter(kind);
            if (feed == Feed.TRACKING && !liveInFlight.containsKey(meter)) {
                // nothing older than this end will come for the meter (no commit of this node's is still on its
                // way through the live feed): nothing need be kept
                table = slot < 0 ? table : table.put(meter, LongTable.REMOVED, version);
            } else {
                table = table.put(meter, NOT_RESTRICTED, version);
            }
            if (gpf != 0) {
                int gpfSlot = table.slotOf(gpf);
                // only this gas meter's own GPF entry goes, never a meter's, nor a GPF another meter holds
                if (gpfSlot >= 0 && table.kindAt(gpfSlot) == GPF_OF_RESTRICTED_GSME && table.valueAt(gpfSlot) == meter) {
                    table = table.put(gpf, LongTable.REMOVED, meter);
                }
            }
            if (wasRestricted) {
                restrictedMeters--;
            }
            flags = table;
        }
    }

    /**
     * A commit of this node's about the meter is on its way through the live feed: called before the commit,
     * and {@link #liveUpdateDone} after it (committed or rolled back). Until then the tracking feed, which may
     * see the commit first, keeps an end's marker, so the live feed's late copy cannot undo a later end.
     */
    public void liveUpdateStarts(long meter) {
        synchronized (writeLock) {
            liveInFlight.merge(meter, 1, Integer::sum);
        }
    }

    /** See {@link #liveUpdateStarts}. */
    public void liveUpdateDone(long meter) {
        synchronized (writeLock) {
            liveInFlight.computeIfPresent(meter, (key, n) -> n == 1 ? null : n - 1);
        }
    }

    private static boolean isMeterKind(byte kind) {
        return kind == NOT_RESTRICTED || isRestrictedMeter(kind);
    }

    private static boolean isRestrictedMeter(byte kind) {
        return kind == RESTRICTED_ESME || kind == RESTRICTED_GSME;
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

    /** Bytes held by the index's table, for the memory benchmark and metrics. */
    public long footprintBytes() {
        synchronized (writeLock) {
            return flags.footprintBytes();
        }
    }

    /** Entries held (Restricted meters, their GPFs, and ends not yet seen by the tracking feed). */
    public int entries() {
        synchronized (writeLock) {
            return flags.live();
        }
    }

    /** Who holds the flag a denial rests on: the Restricted meter, and its version when the flag was set. */
    public record FlagHolder(DeviceId meter, long flagVersion) {
    }
}
