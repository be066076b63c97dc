package uk.smartmeter.restricted.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.smartmeter.restricted.application.port.out.HistoryEntry;
import uk.smartmeter.restricted.domain.history.Checkpoint;
import uk.smartmeter.restricted.domain.history.HashChain;
import uk.smartmeter.restricted.domain.history.MerkleTree;
import uk.smartmeter.restricted.domain.history.SignedNote;
import uk.smartmeter.restricted.adapter.store.Ed25519KeyFile;

/**
 * The history's offline verifier and key tool, run from the jar without the service:
 * <pre>
 * java -jar restricted-mode.jar history-verify --checkpoint FILE --key VERIFIER-KEY [--export FILE] [--proof FILE]
 * java -jar restricted-mode.jar history-keygen FILE [ORIGIN]
 * </pre>
 * {@code history-verify} opens the checkpoint (a C2SP signed note) with the verifier key, then, given a full export
 * (CSV, as {@code GET /api/v1/history/export} writes it), recomputes both hash chains row by row and the Merkle root
 * over the first tree-size rows, which must be the checkpoint's; given an inclusion proof (the JSON of
 * {@code GET /api/v1/history/proofs/inclusion}) and an export that holds the proof's row (a filtered one will do),
 * it checks that row's place in the checkpoint's tree. Exit 0 when everything checked holds, 1 when anything does
 * not, 2 on bad usage. The algorithm is in docs/history-integration.md.
 */
public final class HistoryCommands {

    private static final int CONTENT = HistoryEntry.CONTENT_COLUMNS;

    private HistoryCommands() {
    }

    public static boolean handles(String[] args) {
        return args.length > 0 && (args[0].equals("history-verify") || args[0].equals("history-keygen"));
    }

    public static int run(String[] args) {
        return run(args, System.out);
    }

    public static int run(String[] args, PrintStream out) {
        try {
            if (args[0].equals("history-keygen")) {
                if (args.length < 2 || args.length > 3) {
                    return usage(out);
                }
                Path file = Path.of(args[1]);
                if (Files.exists(file)) {
                    out.println("FAIL " + file + " exists; not overwritten");
                    return 1;
                }
                Ed25519KeyFile.write(file, Ed25519KeyFile.generate());
                Ed25519KeyFile key = Ed25519KeyFile.load(file, args.length == 3 ? args[2]
                        : "restricted-mode.local/history", false);
                out.println("OK key written to " + file + "; verifier key " + key.verifierKey());
                return 0;
            }
            Map<String, String> options = options(args);
            if (options == null || !options.containsKey("checkpoint") || !options.containsKey("key")
                    || (!options.containsKey("export") && !options.containsKey("proof"))) {
                return usage(out);
            }
            return verify(options, out);
        } catch (IOException | RuntimeException failed) {
            out.println("FAIL " + failed.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream out) {
        out.println("usage: history-verify --checkpoint FILE --key VERIFIER-KEY [--export FILE] [--proof FILE]"
                + " [--rows all|some]");
        out.println("       history-keygen FILE [ORIGIN]");
        return 2;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                return null;
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static int verify(Map<String, String> options, PrintStream out) throws IOException {
        String verifierKey = options.get("key");
        String name = verifierKey.substring(0, Math.max(0, verifierKey.indexOf('+')));
        byte[] publicKey = SignedNote.publicKeyOf(verifierKey);
        String note = Files.readString(Path.of(options.get("checkpoint")), StandardCharsets.UTF_8);
        Optional<String> text = SignedNote.open(note, name, publicKey);
        if (text.isEmpty()) {
            out.println("FAIL the checkpoint carries no valid signature by " + name);
            return 1;
        }
        Checkpoint checkpoint = Checkpoint.parse(text.get());
        if (!checkpoint.origin().equals(name)) {
            out.println("FAIL the checkpoint is of log " + checkpoint.origin() + ", not " + name);
            return 1;
        }
        out.println("OK checkpoint signed by " + name + ": tree size " + checkpoint.size() + ", root "
                + HexFormat.of().formatHex(checkpoint.root()));
        boolean holds = true;
        JsonNode proof = options.containsKey("proof")
                ? new ObjectMapper().readTree(Path.of(options.get("proof")).toFile()) : null;
        if (proof != null && !wellFormed(proof, out)) {
            return 1;
        }
        String rows = options.getOrDefault("rows", "all");
        if (!rows.equals("all") && !rows.equals("some")) {
            return usage(out);
        }
        if (options.containsKey("export")) {
            boolean whole = rows.equals("all");
            if (!whole) {
                out.println("NOTE --rows some: the export is not checked as a whole (chains, root), only the proof's row");
            }
            holds = export(Path.of(options.get("export")), checkpoint, proof, whole, out);
        } else {
            out.println("FAIL an inclusion proof is checked against its row: give --export with that row");
            holds = false;
        }
        return holds ? 0 : 1;
    }

    /**
     * Reads the export row by row: the chains recomputed (when {@code whole}) and the root over the first
     * tree-size rows compared; the proof's row, if any, checked against the checkpoint.
     */
    private static boolean export(Path file, Checkpoint checkpoint, JsonNode proof, boolean whole, PrintStream out)
            throws IOException {
        boolean holds = true;
        MerkleTree.Appender tree = new MerkleTree.Appender();
        String global = HashChain.GENESIS;
        Map<String, String> devices = new HashMap<>();
        String proofEvent = proof == null ? null : proof.path("eventId").asText(null);
        boolean proofRowFound = false;
        long rows = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = record(reader);
            if (header == null || !header.equals(columns())) {
                out.println("FAIL the export's header is not " + String.join(",", columns()));
                return false;
            }
            for (List<String> row = record(reader); row != null; row = record(reader)) {
                rows++;
                if (row.size() != header.size()) {
                    out.println("FAIL row " + rows + " has " + row.size() + " cells, not " + header.size());
                    return false;
                }
                List<String> content = new ArrayList<>(CONTENT);
                for (String cell : row.subList(0, CONTENT)) {
                    if (cell.startsWith("'") && !HashChain.exportCell(HashChain.storedCell(cell)).equals(cell)) {
                        out.println("FAIL row " + rows + " (global index " + row.get(0) + "): a quote in front of a"
                                + " cell that the export never guards: the row was edited");
                        holds = false;
                    }
                    content.add(HashChain.storedCell(cell));
                }
                byte[] leaf = MerkleTree.leafHash(HashChain.csvRecord(content).getBytes(StandardCharsets.UTF_8));
                if (whole) {
                    global = HashChain.next(global, content);
                    if (!global.equals(row.get(CONTENT + 1))) {
                        out.println("FAIL row " + rows + " (global index " + row.get(0) + "): its global hash does"
                                + " not follow from its content and the row before");
                        holds = false;
                    }
                    global = row.get(CONTENT + 1);
                    String device = row.get(1);
                    if (device != null && !device.isEmpty()) {
                        String next = HashChain.next(devices.getOrDefault(device, HashChain.GENESIS), content);
                        if (!next.equals(row.get(CONTENT))) {
                            out.println("FAIL row " + rows + " (global index " + row.get(0) + "): its device hash"
                                    + " does not follow from its content and the device's row before");
                            holds = false;
                        }
                        devices.put(device, row.get(CONTENT));
                    }
                    if (tree.size() < checkpoint.size()) {
                        tree.append(leaf);
                    }
                }
                if (proofEvent != null && proofEvent.equals(row.get(5))) {
                    proofRowFound = true;
                    holds &= inclusion(proof, leaf, checkpoint, row.get(0), out);
                }
            }
        }
        if (whole) {
            if (tree.size() < checkpoint.size()) {
                out.println("FAIL the export has " + tree.size() + " rows; the checkpoint covers " + checkpoint.size()
                        + " (a filtered or truncated export cannot give the root)");
                holds = false;
            } else if (!java.util.Arrays.equals(tree.root(), checkpoint.root())) {
                out.println("FAIL the export's first " + checkpoint.size() + " rows give root "
                        + HexFormat.of().formatHex(tree.root()) + ", not the checkpoint's: rows were changed, removed"
                        + " or added below it");
                holds = false;
            } else {
                out.println("OK the export's first " + checkpoint.size() + " of " + rows + " rows give the"
                        + " checkpoint's root; both hash chains recompute");
            }
        }
        if (proofEvent != null && !proofRowFound) {
            out.println("FAIL the export has no row of event " + proofEvent);
            holds = false;
        }
        return holds;
    }

    /** An inclusion proof as the API gives it: an event ID, two whole numbers, and 64-hex-digit hashes. */
    private static boolean wellFormed(JsonNode proof, PrintStream out) {
        boolean ok = proof.isObject() && proof.path("eventId").isTextual() && !proof.path("eventId").asText().isEmpty()
                && proof.path("leafIndex").canConvertToLong() && proof.path("leafIndex").isIntegralNumber()
                && proof.path("leafIndex").asLong() >= 0 && proof.path("treeSize").isIntegralNumber()
                && proof.path("treeSize").canConvertToLong() && proof.path("treeSize").asLong() > 0
                && proof.path("proof").isArray();
        if (ok) {
            for (JsonNode hash : proof.path("proof")) {
                ok &= hash.isTextual() && hash.asText().matches("[0-9a-f]{64}");
            }
        }
        if (!ok) {
            out.println("FAIL the proof is not an inclusion proof of GET /api/v1/history/proofs/inclusion (eventId,"
                    + " leafIndex, treeSize and 64-hex-digit hashes)");
        }
        return ok;
    }

    private static boolean inclusion(JsonNode proof, byte[] leaf, Checkpoint checkpoint, String globalIndex,
                                     PrintStream out) {
        long index = proof.path("leafIndex").asLong(-1);
        long size = proof.path("treeSize").asLong(-1);
        if (size != checkpoint.size()) {
            out.println("FAIL the proof is for a tree of " + size + " leaves; the checkpoint's has "
                    + checkpoint.size() + " (ask for ?treeSize=" + checkpoint.size() + ")");
            return false;
        }
        List<byte[]> path = new ArrayList<>();
        proof.path("proof").forEach(hash -> path.add(HexFormat.of().parseHex(hash.asText())));
        if (MerkleTree.verifyInclusion(index, size, leaf, path, checkpoint.root())) {
            out.println("OK the row at global index " + globalIndex + " is leaf " + index + " of the checkpoint's"
                    + " tree (" + path.size() + " hashes)");
            return true;
        }
        out.println("FAIL the row at global index " + globalIndex + " is not leaf " + index + " of the checkpoint's"
                + " tree: the row or the proof was changed");
        return false;
    }

    private static List<String> columns() {
        return HistoryEntry.COLUMNS;
    }

    /** One RFC 4180 record (CRLF or LF line ends), or null at the end. */
    static List<String> record(Reader in) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int c;
        while ((c = in.read()) >= 0) {
            any = true;
            if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next >= 0) {
                            in.reset();
                        }
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\r') {
                continue;
            } else if (c == '\n') {
                fields.add(field.toString());
                return fields;
            } else {
                field.append((char) c);
            }
        }
        if (!any) {
            return null;
        }
        fields.add(field.toString());
        return fields;
    }
}
