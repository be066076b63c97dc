package uk.smartmeter.restricted.domain.gate;

import java.io.IOException;
import java.io.Reader;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.reference.ReferenceTable;

/**
 * Every DUIS SRV, classified, as reference data: a versioned CSV resource with its source noted in
 * its header, loaded once into an immutable index. Reclassifying an SRV is a change to the data and a
 * test, never to code.
 */
public final class SrvCatalogue {

    public static final String BUNDLED = "/reference/srv-catalogue-v1.csv";
    private static final List<String> HEADER = List.of("srv", "class", "consumptionOn", "name", "note");

    private final String version;
    private final String source;
    private final Map<ServiceReferenceVariant, SrvEntry> entries;

    private SrvCatalogue(String version, String source, Map<ServiceReferenceVariant, SrvEntry> entries) {
        this.version = version;
        this.source = source;
        this.entries = Map.copyOf(entries);
    }

    /** The catalogue shipped with the service. */
    public static SrvCatalogue bundled() {
        return from(ReferenceTable.bundled(BUNDLED, HEADER));
    }

    /** Reads a catalogue; any malformed, unknown or repeated entry is an error naming its line. */
    public static SrvCatalogue parse(Reader text) throws IOException {
        return from(ReferenceTable.read(text, HEADER));
    }

    private static SrvCatalogue from(ReferenceTable table) {
        Map<ServiceReferenceVariant, SrvEntry> entries = new LinkedHashMap<>();
        for (ReferenceTable.Row row : table.rows()) {
            SrvEntry entry;
            try {
                entry = new SrvEntry(ServiceReferenceVariant.of(row.cell(0)), SrvClass.valueOf(row.cell(1)),
                        ConsumptionScope.valueOf(row.cell(2)), row.cell(3), row.cell(4));
            } catch (IllegalArgumentException invalid) {
                throw new IllegalArgumentException("line " + row.line() + ": " + invalid.getMessage(), invalid);
            }
            if (entries.putIfAbsent(entry.srv(), entry) != null) {
                throw new IllegalArgumentException("line " + row.line() + ": SRV " + entry.srv() + " is classified twice");
            }
        }
        return new SrvCatalogue(table.version(), table.source(), entries);
    }

    /**
     * A catalogue offered in place of {@code live} (issue 18: a candidate, an adoption): valid as the live one is, and
     * classifying exactly its SRVs. Refuses (IllegalArgumentException) naming the line or the SRVs at fault.
     */
    public static SrvCatalogue like(String csv, SrvCatalogue live) {
        SrvCatalogue offered;
        try {
            offered = parse(new java.io.StringReader(csv == null ? "" : csv));
        } catch (IOException | RuntimeException invalid) {
            throw new IllegalArgumentException("the catalogue: " + (invalid.getMessage() == null
                    ? invalid.getClass().getSimpleName() : invalid.getMessage()), invalid);
        }
        java.util.TreeSet<String> liveSrvs = new java.util.TreeSet<>();
        live.entries().forEach(e -> liveSrvs.add(e.srv().value()));
        java.util.TreeSet<String> srvs = new java.util.TreeSet<>();
        offered.entries().forEach(e -> srvs.add(e.srv().value()));
        if (!liveSrvs.equals(srvs)) {
            java.util.TreeSet<String> missing = new java.util.TreeSet<>(liveSrvs);
            missing.removeAll(srvs);
            java.util.TreeSet<String> unknown = new java.util.TreeSet<>(srvs);
            unknown.removeAll(liveSrvs);
            throw new IllegalArgumentException("the catalogue classifies every DUIS SRV the live one does, and no other"
                    + (missing.isEmpty() ? "" : "; missing " + missing) + (unknown.isEmpty() ? "" : "; unknown "
                    + unknown));
        }
        if (offered.version() == null || !offered.version().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,31}")) {
            throw new IllegalArgumentException("the catalogue's version line names 1 to 32 letters, digits, . _ or -");
        }
        for (SrvEntry entry : offered.entries()) {
            SrvEntry was = live.entry(entry.srv()).orElseThrow();
            if (entry.srvClass() != was.srvClass()) {
                throw new IllegalArgumentException("SRV " + entry.srv() + " keeps its class " + was.srvClass()
                        + "; a catalogue may reclassify what carries consumption, not what an SRV is");
            }
        }
        return offered;
    }

    /**
     * A catalogue the gate may adopt in place of {@code live}: as {@link #like}, and traffic that always flows (BR4)
     * stays free of consumption, so no adoption can hold back firmware, tariffs, credentials or supply.
     */
    public static SrvCatalogue adoptable(String csv, SrvCatalogue live) {
        SrvCatalogue offered = like(csv, live);
        for (SrvEntry entry : offered.entries()) {
            if (entry.srvClass().alwaysFlows() && entry.consumptionOn() != ConsumptionScope.NONE) {
                throw new IllegalArgumentException("SRV " + entry.srv() + " is " + entry.srvClass() + " traffic, which"
                        + " always reaches the meter (BR4): its consumptionOn stays NONE");
            }
        }
        return offered;
    }

    public String version() {
        return version;
    }

    public String source() {
        return source;
    }

    public Optional<SrvEntry> entry(ServiceReferenceVariant srv) {
        return Optional.ofNullable(entries.get(srv));
    }

    public Collection<SrvEntry> entries() {
        return entries.values();
    }

    /** On which meters the SRV carries consumption; NONE for an SRV the catalogue does not know. */
    public ConsumptionScope consumptionOn(ServiceReferenceVariant srv) {
        SrvEntry entry = entries.get(srv);
        return entry == null ? ConsumptionScope.NONE : entry.consumptionOn();
    }

    /** Whether the SRV reads the consumer's consumption data from this kind of meter; unknown SRVs do not. */
    public boolean isConsumption(ServiceReferenceVariant srv, DeviceType meter) {
        return consumptionOn(srv).carriesConsumptionFor(meter);
    }
}
