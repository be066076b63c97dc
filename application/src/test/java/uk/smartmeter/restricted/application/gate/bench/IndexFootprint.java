package uk.smartmeter.restricted.application.gate.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import uk.smartmeter.restricted.application.gate.RestrictedIndex;
import uk.smartmeter.restricted.domain.device.DeviceType;

/**
 * The index's memory for N Restricted meters (default 1,000,000; half electricity, half gas with their
 * GPF links): its tables' own size, and the heap it adds as the JVM measures it after full GCs. Run with
 * {@code bench/gate-jmh.sh footprint}.
 */
public final class IndexFootprint {

    private IndexFootprint() {
    }

    public static void main(String[] args) {
        int meters = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = settledHeap(memory);
        RestrictedIndex index = new RestrictedIndex();
        long base = 0x00DB_1234_0000_0000L;
        for (long meter = 0; meter < meters; meter++) {
            long eui = base + meter * 2;
            if (meter % 2 == 1) {
                index.restricted(eui, DeviceType.GSME, 2, eui + 1);
            } else {
                index.restricted(eui, DeviceType.ESME, 2, 0);
            }
        }
        long after = settledHeap(memory);
        System.out.printf("restricted meters: %,d (GPFs restricted with them: %,d)%n", index.restrictedMeters(),
                meters / 2);
        System.out.printf("index tables: %,d bytes (%.1f MiB)%n", index.footprintBytes(),
                index.footprintBytes() / 1048576.0);
        System.out.printf("heap added: %,d bytes (%.1f MiB)%n", after - before, (after - before) / 1048576.0);
        if (index.restrictedMeter(base) != DeviceType.ESME) {
            throw new IllegalStateException("index lost an entry");
        }
    }

    private static long settledHeap(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
