package uk.smartmeter.restricted.domain.gate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.reference.Csv;

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
        try (InputStream in = SrvCatalogue.class.getResourceAsStream(BUNDLED)) {
            Objects.requireNonNull(in, "missing resource " + BUNDLED);
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** Reads a catalogue; any malformed, unknown or repeated entry is an error naming its line. */
    public static SrvCatalogue parse(Reader text) throws IOException {
        BufferedReader lines = new BufferedReader(text);
        String version = null;
        String source = null;
        boolean headerSeen = false;
        Map<ServiceReferenceVariant, SrvEntry> entries = new LinkedHashMap<>();
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (line.startsWith("# version:")) {
                version = line.substring("# version:".length()).trim();
            } else if (line.startsWith("# source:")) {
                source = line.substring("# source:".length()).trim();
            } else if (line.startsWith("#") || line.isBlank()) {
                continue;
            } else if (!headerSeen) {
                if (!Csv.cells(line).equals(HEADER)) {
                    throw new IllegalArgumentException("line " + number + ": the header must be " + HEADER);
                }
                headerSeen = true;
            } else {
                SrvEntry entry = entry(number, Csv.cells(line));
                if (entries.putIfAbsent(entry.srv(), entry) != null) {
                    throw new IllegalArgumentException("line " + number + ": SRV " + entry.srv() + " is classified twice");
                }
            }
        }
        if (version == null || source == null || entries.isEmpty()) {
            throw new IllegalArgumentException("a catalogue names its version and source and classifies at least one SRV");
        }
        return new SrvCatalogue(version, source, entries);
    }

    private static SrvEntry entry(int number, List<String> cells) {
        if (cells.size() != HEADER.size()) {
            throw new IllegalArgumentException("line " + number + ": " + HEADER.size() + " cells expected");
        }
        try {
            return new SrvEntry(ServiceReferenceVariant.of(cells.get(0)), SrvClass.valueOf(cells.get(1)),
                    ConsumptionScope.valueOf(cells.get(2)), cells.get(3), cells.get(4));
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException("line " + number + ": " + invalid.getMessage(), invalid);
        }
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
