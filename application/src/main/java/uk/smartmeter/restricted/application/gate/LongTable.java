package uk.smartmeter.restricted.application.gate;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An open-addressing hash table from a 64-bit key to a kind (one byte) and a 64-bit value, with linear
 * probing. One writer at a time (the caller holds a lock); any number of readers without a lock. A
 * slot's kind is written last with release semantics and read with acquire semantics, so a reader that
 * sees a kind also sees its key and value. Slots are never emptied in place, only marked with another
 * kind ({@link #REMOVED} for a removed key), and the table never moves an entry in place: when it is
 * full enough, a new table is built from its live keys (larger, or the same size when removed keys
 * made the room), which the owner publishes. So the table's size follows the keys it holds now, not
 * every key it ever held. A lookup is a hash and a short probe, and allocates nothing.
 */
final class LongTable {

    static final byte FREE = 0;
    /** A key that was removed: still a slot for probing, dropped when the table is next rebuilt. */
    static final byte REMOVED = -1;
    private static final VarHandle KINDS = MethodHandles.arrayElementVarHandle(byte[].class);

    private final long[] keys;
    private final long[] values;
    private final byte[] kinds;
    private final int mask;
    private int used;
    private int removed;

    LongTable(int capacity) {
        int slots = Integer.highestOneBit(Math.max(16, capacity - 1)) << 1;
        keys = new long[slots];
        values = new long[slots];
        kinds = new byte[slots];
        mask = slots - 1;
    }

    /** The kind of the key's slot, or {@link #FREE} when the key is not in the table. */
    byte kindOf(long key) {
        int slot = home(key);
        while (true) {
            byte kind = (byte) KINDS.getAcquire(kinds, slot);
            if (kind == FREE || keys[slot] == key) {
                return kind;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The key's slot, or -1. */
    int slotOf(long key) {
        int slot = home(key);
        while (true) {
            byte kind = (byte) KINDS.getAcquire(kinds, slot);
            if (kind == FREE) {
                return -1;
            }
            if (keys[slot] == key) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    byte kindAt(int slot) {
        return (byte) KINDS.getAcquire(kinds, slot);
    }

    long valueAt(int slot) {
        return values[slot];
    }

    /**
     * Sets the key's kind and value, adding the key when it is new. Returns the table that now holds it:
     * this one, or a larger copy when this one was full enough to grow.
     */
    LongTable put(long key, byte kind, long value) {
        if (kind == FREE) {
            throw new IllegalArgumentException("kind 0 marks a free slot");
        }
        int slot = home(key);
        while (true) {
            byte current = (byte) KINDS.getAcquire(kinds, slot);
            if (current == FREE) {
                if (kind == REMOVED) {
                    return this;
                }
                if ((used + 1) * 4L > (mask + 1) * 3L) {
                    return rebuilt().put(key, kind, value);
                }
                keys[slot] = key;
                values[slot] = value;
                KINDS.setRelease(kinds, slot, kind);
                used++;
                return this;
            }
            if (keys[slot] == key) {
                if (kind == REMOVED && current != REMOVED) {
                    removed++;
                } else if (kind != REMOVED && current == REMOVED) {
                    removed--;
                }
                values[slot] = value;
                KINDS.setRelease(kinds, slot, kind);
                return this;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** A new table of the live keys: twice the slots when at least half of them are live, else as many. */
    private LongTable rebuilt() {
        int live = used - removed;
        LongTable next = new LongTable(live * 2L >= mask + 1 ? (mask + 1) * 2 : mask + 1);
        for (int slot = 0; slot <= mask; slot++) {
            if (kinds[slot] != FREE && kinds[slot] != REMOVED) {
                next.put(keys[slot], kinds[slot], values[slot]);
            }
        }
        return next;
    }

    /** Slots taken, removed keys included. */
    int used() {
        return used;
    }

    /** Keys held now. */
    int live() {
        return used - removed;
    }

    /** Bytes held by the table's arrays. */
    long footprintBytes() {
        return (mask + 1L) * (Long.BYTES + Long.BYTES + 1);
    }

    private int home(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
