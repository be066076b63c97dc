package uk.smartmeter.restricted.domain.reporting;

/**
 * A small state (a few bits) per device, keyed by EUI-64, with key and state side by side in one array so
 * that a row costs one memory access however many devices there are. Open addressing, linear probing.
 */
final class DeviceStates {

    private static final long EMPTY = Long.MIN_VALUE;

    private long[] table;
    private int size;

    DeviceStates(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        table = new long[capacity * 2];
        java.util.Arrays.fill(table, EMPTY);
    }

    /**
     * Sets the low eight bits of {@code bits} in the device's state; a device seen for the first time keeps
     * all of {@code bits}, so the higher ones record what its first row said.
     */
    void mark(long device, long bits) {
        if ((size + 1) * 4 > (table.length / 2) * 3) {
            grow();
        }
        int mask = table.length / 2 - 1;
        for (int slot = hash(device) & mask; ; slot = (slot + 1) & mask) {
            long key = table[2 * slot];
            if (key == device) {
                table[2 * slot + 1] |= bits & 0xFF;
                return;
            }
            if (key == EMPTY) {
                table[2 * slot] = device;
                table[2 * slot + 1] = bits;
                size++;
                return;
            }
        }
    }

    /** Visits every device's state. */
    void forEach(java.util.function.LongConsumer states) {
        for (int i = 0; i < table.length; i += 2) {
            if (table[i] != EMPTY) {
                states.accept(table[i + 1]);
            }
        }
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        java.util.Arrays.fill(table, EMPTY);
        size = 0;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != EMPTY) {
                insert(old[i], old[i + 1]);
            }
        }
    }

    private void insert(long device, long state) {
        int mask = table.length / 2 - 1;
        int slot = hash(device) & mask;
        while (table[2 * slot] != EMPTY) {
            slot = (slot + 1) & mask;
        }
        table[2 * slot] = device;
        table[2 * slot + 1] = state;
        size++;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 32);
    }
}
