package uk.smartmeter.restricted.adapter.rest.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed with -9 mid-upload leaves its spool file; the next start's sweep deletes it. A file
 * that a live process (another node, or this one) holds is kept. The other node is a real JVM here.
 */
class SpoolFilesLeftByAKilledNodeAreDeletedTest {

    /** The other node: opens a spool and holds it until killed. */
    public static void main(String[] args) throws Exception {
        SpoolDirectory spools = new SpoolDirectory(Path.of(args[0]));
        SpoolDirectory.Spool spool = spools.create("inventory-import");
        try (var out = spool.output()) {
            out.write("half an upload".getBytes());
        }
        System.out.println("holding " + spool.file());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static Process otherNode(Path dir) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SpoolFilesLeftByAKilledNodeAreDeletedTest.class.getName(),
                dir.toString()).redirectErrorStream(true).start();
    }

    private static List<Path> spoolFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void aSpoolHeldByALiveNodeIsKeptAndOneLeftByAKillNineIsDeleted(@TempDir Path dir) throws Exception {
        Process node = otherNode(dir);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> spoolFiles(dir).size() == 1);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> new String(node.getInputStream().readNBytes(8)).startsWith("holding"));
            SpoolDirectory here = new SpoolDirectory(dir);
            try (SpoolDirectory.Spool mine = here.create("gate-batch")) {
                assertThat(here.sweep()).as("the live node's file and this node's own are kept").isZero();
                assertThat(spoolFiles(dir)).hasSize(2);

                node.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
                assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();

                assertThat(here.sweep()).as("the killed node's file").isEqualTo(1);
                assertThat(spoolFiles(dir)).containsExactly(mine.file());
            }
            assertThat(spoolFiles(dir)).as("a finished request deletes its own").isEmpty();
        } finally {
            node.destroyForcibly();
        }
    }
}
