package uk.smartmeter.restricted.adapter.reporting;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BinaryOperator;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;

/** Candidate SRV catalogues for the what-if tests and benchmark: the bundled one with SRVs reclassified. */
public final class Candidates {

    private Candidates() {
    }

    /** The bundled catalogue's text, version {@code version}, each SRV's consumptionOn as {@code change(srv, scope)}. */
    public static String of(String version, BinaryOperator<String> change) throws IOException {
        String text;
        try (InputStream in = SrvCatalogue.class.getResourceAsStream(SrvCatalogue.BUNDLED)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder();
        boolean header = false;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("# version:")) {
                out.append("# version: ").append(version).append('\n');
                continue;
            }
            if (line.startsWith("#") || line.isEmpty() || !header) {
                header |= line.startsWith("srv,");
                out.append(line).append('\n');
                continue;
            }
            String[] cells = line.split(",", 4);
            out.append(cells[0]).append(',').append(cells[1]).append(',').append(change.apply(cells[0], cells[2]))
                    .append(',').append(cells[3]).append('\n');
        }
        return out.toString().strip() + "\n";
    }
}
