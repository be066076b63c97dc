package uk.smartmeter.restricted.domain.gate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import uk.smartmeter.restricted.domain.reference.Csv;

/** The device alerts that carry consumption, as versioned reference data; every other alert passes. */
public final class AlertCatalogue {

    public static final String BUNDLED = "/reference/alert-catalogue-v1.csv";
    private static final List<String> HEADER = List.of("code", "consumptionOn", "name", "note");

    private final String version;
    private final int[] codes;
    private final ConsumptionScope[] scopes;

    /** Codes sorted, scopes alongside: a lookup is a binary search, with no boxing. */
    private AlertCatalogue(String version, Map<Integer, ConsumptionScope> consumption) {
        this.version = version;
        this.codes = consumption.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        this.scopes = new ConsumptionScope[codes.length];
        for (int i = 0; i < codes.length; i++) {
            scopes[i] = consumption.get(codes[i]);
        }
    }

    public static AlertCatalogue bundled() {
        try (InputStream in = AlertCatalogue.class.getResourceAsStream(BUNDLED)) {
            Objects.requireNonNull(in, "missing resource " + BUNDLED);
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    public static AlertCatalogue parse(Reader text) throws IOException {
        BufferedReader lines = new BufferedReader(text);
        String version = null;
        boolean headerSeen = false;
        Map<Integer, ConsumptionScope> consumption = new HashMap<>();
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (line.startsWith("# version:")) {
                version = line.substring("# version:".length()).trim();
            } else if (line.startsWith("#") || line.isBlank()) {
                continue;
            } else if (!headerSeen) {
                if (!Csv.cells(line).equals(HEADER)) {
                    throw new IllegalArgumentException("line " + number + ": the header must be " + HEADER);
                }
                headerSeen = true;
            } else {
                List<String> cells = Csv.cells(line);
                try {
                    int code = Integer.decode(cells.get(0));
                    if (consumption.put(code, ConsumptionScope.valueOf(cells.get(1))) != null) {
                        throw new IllegalArgumentException("alert " + cells.get(0) + " is listed twice");
                    }
                } catch (IllegalArgumentException | IndexOutOfBoundsException invalid) {
                    throw new IllegalArgumentException("line " + number + ": " + invalid.getMessage(), invalid);
                }
            }
        }
        if (version == null) {
            throw new IllegalArgumentException("an alert catalogue names its version");
        }
        return new AlertCatalogue(version, consumption);
    }

    public String version() {
        return version;
    }

    /** On which meters this alert carries consumption; NONE for every alert not listed. */
    public ConsumptionScope consumptionOn(int alertCode) {
        int at = Arrays.binarySearch(codes, alertCode);
        return at >= 0 ? scopes[at] : ConsumptionScope.NONE;
    }
}
