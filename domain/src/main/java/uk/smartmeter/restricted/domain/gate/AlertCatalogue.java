package uk.smartmeter.restricted.domain.gate;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import uk.smartmeter.restricted.domain.reference.ReferenceTable;

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
        return from(ReferenceTable.bundled(BUNDLED, HEADER));
    }

    public static AlertCatalogue parse(Reader text) throws IOException {
        return from(ReferenceTable.read(text, HEADER));
    }

    private static AlertCatalogue from(ReferenceTable table) {
        Map<Integer, ConsumptionScope> consumption = new HashMap<>();
        for (ReferenceTable.Row row : table.rows()) {
            try {
                if (consumption.put(Integer.decode(row.cell(0)), ConsumptionScope.valueOf(row.cell(1))) != null) {
                    throw new IllegalArgumentException("alert " + row.cell(0) + " is listed twice");
                }
            } catch (IllegalArgumentException invalid) {
                throw new IllegalArgumentException("line " + row.line() + ": " + invalid.getMessage(), invalid);
            }
        }
        return new AlertCatalogue(table.version(), consumption);
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
