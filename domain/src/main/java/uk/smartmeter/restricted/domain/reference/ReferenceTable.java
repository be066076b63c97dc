package uk.smartmeter.restricted.domain.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reference data as the project keeps it: a CSV whose comment lines name its {@code # version:} and
 * {@code # source:}, then a fixed header, then rows. Every row has the header's number of cells and
 * keeps its line number, so that whoever builds on it can name the line at fault.
 */
public record ReferenceTable(String version, String source, List<Row> rows) {

    public record Row(int line, List<String> cells) {

        public String cell(int index) {
            return cells.get(index);
        }
    }

    public ReferenceTable {
        rows = List.copyOf(rows);
    }

    public static ReferenceTable bundled(String resource, List<String> header) {
        try (InputStream in = ReferenceTable.class.getResourceAsStream(resource)) {
            Objects.requireNonNull(in, "missing resource " + resource);
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), header);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    public static ReferenceTable read(Reader text, List<String> header) throws IOException {
        BufferedReader lines = new BufferedReader(text);
        String version = null;
        String source = null;
        boolean headerSeen = false;
        List<Row> rows = new ArrayList<>();
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
                if (!Csv.cells(line).equals(header)) {
                    throw new IllegalArgumentException("line " + number + ": the header must be " + header);
                }
                headerSeen = true;
            } else {
                List<String> cells = Csv.cells(line);
                if (cells.size() != header.size()) {
                    throw new IllegalArgumentException("line " + number + ": " + header.size() + " cells expected");
                }
                rows.add(new Row(number, cells));
            }
        }
        if (version == null || source == null || rows.isEmpty()) {
            throw new IllegalArgumentException("reference data names its version and source and has at least one row");
        }
        return new ReferenceTable(version, source, rows);
    }
}
