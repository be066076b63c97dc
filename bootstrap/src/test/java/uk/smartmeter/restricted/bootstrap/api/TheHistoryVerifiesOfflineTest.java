package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.TestPropertySource;
import uk.smartmeter.restricted.cli.HistoryCommands;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * A regulator's whole round: the verifier key from the API (and the start-up log), a full export with the
 * checkpoint it carries, a checkpoint's signature checked here with the JDK alone, and the jar's offline
 * verifier run on the files: the export gives the checkpoint's root, one row proves its place, and an edited
 * file, a wrong key or a proof for another tree are refused, each named. Checkpoints are also issued on their
 * interval (200 ms here) when the tree grows, and for each export.
 */
@TestPropertySource(properties = {"restricted.history.checkpoint-interval=200ms", "restricted.gate.check-interval=96ms"})
class TheHistoryVerifiesOfflineTest extends RunningService {

    @TempDir
    Path files;

    @Test
    void anExportAndItsCheckpointVerifyOfflineAndAnyEditOfEitherIsNamed() throws Exception {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String regulator = api.token("OFGEM", UserRole.REGULATOR);
        for (int i = 0; i < 4; i++) {
            String meter = "00-DB-12-34-56-7A-0" + i + "-00";
            assertThat(api.send("POST", "/api/v1/devices", dcc, HttpApi.enrolment(meter, "SUPPLIER-OV")).status())
                    .isEqualTo(201);
            assertThat(api.send("PUT", "/api/v1/devices/" + meter + "/restriction",
                    api.token("SUPPLIER-OV", UserRole.IS), HttpApi.attestation()).status()).isIn(200, 422);
        }
        awaitHistoryCaughtUp();
        long size = api.get("/api/v1/history/tree", regulator).json().get("size").asLong();

        // on the interval: a checkpoint of the grown tree
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
                api.get("/api/v1/history/checkpoints/latest", regulator).json().path("treeSize").asLong() >= size);
        JsonNode latest = api.get("/api/v1/history/checkpoints/latest", regulator).json();
        assertThat(api.get("/api/v1/history/checkpoints/" + latest.get("treeSize").asLong(), regulator).json())
                .isEqualTo(latest);
        assertThat(api.get("/api/v1/history/checkpoints?after=-1&limit=1000", regulator).json())
                .anySatisfy(c -> assertThat(c.get("reason").asText()).isEqualTo("interval"));

        JsonNode key = api.get("/api/v1/history/checkpoints/key", api.token("SUPPLIER-OV", UserRole.IS)).json();
        String verifierKey = key.get("verifierKey").asText();
        assertThat(verifierKey).startsWith("restricted-mode.local/history+");
        assertThat(signedByTheKey(latest.get("note").asText(), verifierKey)).as("checked with the JDK alone").isTrue();

        HttpApi.Response export = api.get("/api/v1/history/export", regulator);
        assertThat(export.status()).isEqualTo(200);
        String note = new String(Base64.getDecoder().decode(export.header("History-Checkpoint")),
                StandardCharsets.UTF_8);
        long covered = Long.parseLong(export.header("History-Checkpoint-Size"));
        assertThat(covered).isGreaterThanOrEqualTo(size);
        assertThat(signedByTheKey(note, verifierKey)).isTrue();
        Path csv = Files.writeString(files.resolve("history.csv"), export.body());
        Path checkpoint = Files.writeString(files.resolve("checkpoint.txt"), note);

        Run whole = verify("--checkpoint", checkpoint.toString(), "--key", verifierKey, "--export", csv.toString());
        assertThat(whole.code()).as(whole.output()).isZero();
        assertThat(whole.output()).contains("OK the export's first " + covered + " of ");

        String eventId = sql.queryForObject("SELECT event_id FROM history_entry WHERE leaf_index = 2", String.class);
        HttpApi.Response proof = api.get("/api/v1/history/proofs/inclusion?eventId=" + eventId + "&treeSize="
                + covered, regulator);
        Path proofFile = Files.writeString(files.resolve("proof.json"), proof.body());
        Run one = verify("--checkpoint", checkpoint.toString(), "--key", verifierKey, "--export", csv.toString(),
                "--proof", proofFile.toString());
        assertThat(one.code()).as(one.output()).isZero();
        assertThat(one.output()).contains("is leaf 2 of the checkpoint's tree");

        // an edited row: its hash no longer follows, the root is not the checkpoint's, its proof fails
        List<String> lines = Arrays.asList(export.body().split("\r\n", -1));
        int third = 3;
        String edited = lines.get(third).replace("SUPPLIER-OV", "SUPPLIER-XX");
        assertThat(edited).isNotEqualTo(lines.get(third));
        Path forged = Files.writeString(files.resolve("forged.csv"), String.join("\r\n", lines.subList(0, third))
                + "\r\n" + edited + "\r\n" + String.join("\r\n", lines.subList(third + 1, lines.size())));
        Run broken = verify("--checkpoint", checkpoint.toString(), "--key", verifierKey, "--export", forged.toString(),
                "--proof", proofFile.toString());
        assertThat(broken.code()).isEqualTo(1);
        assertThat(broken.output()).contains("FAIL the row at global index").contains("not leaf 2");
        Run brokenWhole = verify("--checkpoint", checkpoint.toString(), "--key", verifierKey, "--export",
                forged.toString());
        assertThat(brokenWhole.output()).contains("FAIL row " + third).contains("give root");

        // a note signed by another key, a proof for another tree, an edited note
        Path otherKey = files.resolve("other.pem");
        Run keygen = verify0("history-keygen", otherKey.toString());
        String otherVerifier = keygen.output().substring(keygen.output().indexOf("verifier key ") + 13).trim();
        Run wrongKey = verify("--checkpoint", checkpoint.toString(), "--key", otherVerifier, "--export",
                csv.toString());
        assertThat(wrongKey.code()).isEqualTo(1);
        assertThat(wrongKey.output()).contains("no valid signature");
        Path tampered = Files.writeString(files.resolve("tampered.txt"), note.replaceFirst("\n" + covered + "\n",
                "\n" + (covered - 1) + "\n"));
        assertThat(verify("--checkpoint", tampered.toString(), "--key", verifierKey, "--export", csv.toString())
                .output()).contains("no valid signature");
        HttpApi.Response smaller = api.get("/api/v1/history/proofs/inclusion?eventId=" + eventId + "&treeSize="
                + (covered - 1), regulator);
        Path smallerProof = Files.writeString(files.resolve("smaller.json"), smaller.body());
        assertThat(verify("--checkpoint", checkpoint.toString(), "--key", verifierKey, "--export", csv.toString(),
                "--proof", smallerProof.toString()).output()).contains("is for a tree of " + (covered - 1));
        assertThat(verify0("history-verify", "--checkpoint", checkpoint.toString()).code()).isEqualTo(2);

        // a proof that is no proof fails; a proof never stands in for the export's own checks
        Path junk = Files.writeString(files.resolve("junk.json"), "{}");
        Run noProof = verify("--checkpoint", checkpoint.toString(), "--key", verifierKey, "--export", csv.toString(),
                "--proof", junk.toString());
        assertThat(noProof.code()).isEqualTo(1);
        assertThat(noProof.output()).contains("not an inclusion proof");
        Run proofAndForgery = verify("--checkpoint", checkpoint.toString(), "--key", verifierKey, "--export",
                forged.toString(), "--proof", proofFile.toString());
        assertThat(proofAndForgery.output()).contains("FAIL row " + third).contains("give root");
        Run some = verify("--checkpoint", checkpoint.toString(), "--key", verifierKey, "--export", csv.toString(),
                "--proof", proofFile.toString(), "--rows", "some");
        assertThat(some.code()).as(some.output()).isZero();
        assertThat(some.output()).contains("NOTE --rows some");

        // a quote the export never writes in front of a cell is an edit too
        String quoted = export.body().replaceFirst(",DCC-DSP,", ",'DCC-DSP,");
        assertThat(quoted).isNotEqualTo(export.body());
        Path guarded = Files.writeString(files.resolve("quoted.csv"), quoted);
        Run unguarded = verify("--checkpoint", checkpoint.toString(), "--key", verifierKey, "--export",
                guarded.toString());
        assertThat(unguarded.code()).isEqualTo(1);
        assertThat(unguarded.output()).contains("a quote in front of a cell");

        // who may read what
        assertThat(api.get("/api/v1/history/checkpoints/latest", api.token("SUPPLIER-OV", UserRole.IS)).status())
                .isEqualTo(403);
        HttpApi.Response unknown = api.get("/api/v1/history/checkpoints/999999999", regulator);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asText()).isEqualTo("HISTORY_CHECKPOINT_NOT_FOUND");
        assertThat(refusalsRecorded("HISTORY_CHECKPOINT_NOT_FOUND")).isPositive();
        HttpApi.Response bad = api.get("/api/v1/history/checkpoints/-5", regulator);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("treeSize");
        assertThat(api.send("POST", "/api/v1/history/checkpoints", regulator, null).status()).isEqualTo(403);
    }

    /** The C2SP signed-note check written out with the JDK: key ID, then Ed25519 over the text. */
    private static boolean signedByTheKey(String note, String verifierKey) throws Exception {
        String[] parts = verifierKey.split("\\+", 3);
        byte[] blob = Base64.getDecoder().decode(parts[2]);
        assertThat(blob[0]).as("Ed25519 key type").isEqualTo((byte) 1);
        byte[] raw = Arrays.copyOfRange(blob, 1, 33);
        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(raw));
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        int split = note.lastIndexOf("\n\n");
        String text = note.substring(0, split + 1);
        String line = note.substring(split + 2).trim();
        assertThat(line).startsWith("\u2014 " + parts[0] + " ");
        byte[] signature = Base64.getDecoder().decode(line.substring(line.lastIndexOf(' ') + 1));
        assertThat(HexFormat.of().formatHex(Arrays.copyOf(signature, 4))).isEqualTo(parts[1]);
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(key);
        ed25519.update(text.getBytes(StandardCharsets.UTF_8));
        return ed25519.verify(Arrays.copyOfRange(signature, 4, signature.length));
    }

    private record Run(int code, String output) {
    }

    private static Run verify(String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "history-verify";
        System.arraycopy(options, 0, args, 1, options.length);
        return verify0(args);
    }

    private static Run verify0(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = HistoryCommands.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8));
    }
}
