package uk.smartmeter.restricted.domain.reporting;

import java.util.ArrayList;
import java.util.List;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.gate.SrvClass;
import uk.smartmeter.restricted.domain.gate.SrvEntry;

/**
 * The SRV catalogue numbered for a pass over an outcome log: an SRV's bytes (at most 8, as every DUIS SRV
 * is) are looked up without making a string, and each SRV's class and consumption scope are array reads.
 */
public final class SrvIndex {

    private final List<SrvEntry> entries = new ArrayList<>();
    private final LongIndex keys;

    public SrvIndex(SrvCatalogue catalogue) {
        keys = new LongIndex(catalogue.entries().size() * 2);
        for (SrvEntry entry : catalogue.entries()) {
            byte[] text = entry.srv().value().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (text.length > 8) {
                throw new IllegalArgumentException("SRV " + entry.srv() + " is longer than 8 characters");
            }
            keys.put(key(text, 0, text.length), entries.size());
            entries.add(entry);
        }
    }

    static long key(byte[] bytes, int from, int to) {
        long key = 0;
        for (int i = from; i < to; i++) {
            key = key << 8 | (bytes[i] & 0xFF);
        }
        return key;
    }

    /** The SRV's number, or -1 when the catalogue does not know it. */
    /** The SRV whose text is {@code bytes[from, to)}, or -1 when the catalogue has none such. */
    public int find(byte[] bytes, int from, int to) {
        if (to - from < 1 || to - from > 8) {
            return -1;
        }
        return keys.get(key(bytes, from, to));
    }

    /** The SRV of this number. */
    public uk.smartmeter.restricted.domain.gate.ServiceReferenceVariant srvAt(int srv) {
        return entries.get(srv).srv();
    }

    public SrvClass srvClass(int srv) {
        return entries.get(srv).srvClass();
    }

    public boolean isConsumption(int srv, DeviceType meter) {
        return entries.get(srv).consumptionOn().carriesConsumptionFor(meter);
    }

    public int size() {
        return entries.size();
    }
}
