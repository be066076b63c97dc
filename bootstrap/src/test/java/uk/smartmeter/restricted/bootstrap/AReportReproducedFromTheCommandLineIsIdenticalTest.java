package uk.smartmeter.restricted.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.smartmeter.restricted.cli.ReportCommands;

/**
 * The command line publishes a month and reproduces it byte for byte, naming its logs as the API does: by
 * their path in the outcome-log folder, whether given as that name or as a file inside the folder.
 */
class AReportReproducedFromTheCommandLineIsIdenticalTest {

    @TempDir
    Path data;

    private String run(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = ReportCommands.run(args, RestrictedModeApplication::batch);
            return code + " " + captured.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(out);
        }
    }

    /**
     * The report's batch run starts the service's context without its background work, even where the configuration
     * switches the CSP push on: no push thread, no month-end exclusion-list scheduler, no periodic checkpoints.
     */
    @Test
    void aBatchRunStartsNoBackgroundWork() throws Exception {
        java.util.List<String> seen = new java.util.ArrayList<>();
        Files.writeString(Files.createDirectories(data.resolve("sr-logs")).resolve("september.csv"), "timestamp,"
                + "request_id,sender_role,srv,device_id,csp_region,outcome,dsp_code,response_ms\n2026-09-03T12:00:00.000Z,"
                + "REQ-1,IS,4.1.1,00-DB-12-34-56-78-90-A0,SOUTH,DELIVERED,,400\n");
        String dir = "--restricted.data-dir=" + data;
        int code = ReportCommands.run(new String[] {"report", "--month", "2026-09", "--sr-log", "september.csv", dir,
                "--restricted.csp.push.enabled=true", "--restricted.csp.push.port=1",
                "--restricted.history.checkpoint-interval=10ms", "--restricted.csp.exclusions.check-interval=10ms"},
                args -> {
                    org.springframework.context.ConfigurableApplicationContext context =
                            RestrictedModeApplication.batch(args);
                    Thread.getAllStackTraces().keySet().forEach(thread -> seen.add(thread.getName()));
                    return context;
                });
        assertThat(code).as("the run itself").isZero();
        assertThat(seen).as("threads while the batch context was open").isNotEmpty()
                .noneMatch(name -> name.equals("csp-push") || name.equals("csp-exclusion-lists")
                        || name.equals("history-checkpoints"));
    }

    @Test
    void anUnchangedMonthReproducesIdenticallyFromTheCommandLine() throws Exception {
        Path logs = Files.createDirectories(data.resolve("sr-logs"));
        Files.writeString(logs.resolve("october.csv"), "timestamp,request_id,sender_role,srv,device_id,csp_region,"
                + "outcome,dsp_code,response_ms\n2026-10-03T12:00:00.000Z,REQ-1,IS,4.1.1,00-DB-12-34-56-78-90-A0,SOUTH,"
                + "DELIVERED,,400\n2026-10-04T12:00:00.000Z,REQ-2,IS,4.1.1,00-DB-12-34-56-78-90-A0,SOUTH,REJECTED,R1,\n");
        String dir = "--restricted.data-dir=" + data;

        String published = run("report", "--month", "2026-10", "--sr-log", "october.csv", dir);
        assertThat(published).startsWith("0 ").contains("PUBLISH 2026-10 DONE: revision 1");

        assertThat(run("report", "--month", "2026-10", "--mode", "reproduce", dir)).as("the published logs")
                .startsWith("0 ").contains("byte-identical: true").doesNotContain("differs");
        assertThat(run("report", "--month", "2026-10", "--mode", "reproduce", "--sr-log",
                logs.resolve("october.csv").toString(), dir)).as("a file inside the folder is named by its path there")
                .startsWith("0 ").contains("byte-identical: true");

        Path outside = Files.writeString(data.resolve("elsewhere.csv"), "x");
        assertThat(run("report", "--month", "2026-10", "--mode", "reproduce", "--sr-log", outside.toString(), dir))
                .startsWith("2 ");
        Files.writeString(logs.resolve("october.csv"), "\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(run("report", "--month", "2026-10", "--mode", "reproduce", dir)).startsWith("1 ")
                .contains("byte-identical: false", "differs: log:october.csv");
    }
}
