package uk.smartmeter.restricted.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import uk.smartmeter.restricted.adapter.reporting.OutcomeLogGenerator;
import uk.smartmeter.restricted.application.port.in.ReadMonthlyReports;
import uk.smartmeter.restricted.application.port.in.RunMonthlyReports;
import uk.smartmeter.restricted.application.reporting.ReportRefused;
import uk.smartmeter.restricted.application.port.in.ReportRun;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * The command line of the monthly reports, for batch runs:
 * <pre>
 *   java -jar restricted-mode-exec.jar generate --month 2026-10 --rows 1000000 --devices 10000 \
 *        [--restricted-share 0.02] [--failure-rate 0.01] [--slow-rate 0.02] [--consumption-share 0.6] \
 *        [--seed 2026] --out FILE [--inventory FILE --supplier PARTY]
 *   java -jar restricted-mode-exec.jar report --month 2026-10 [--sr-log LOG ...] \
 *        [--mode publish|reproduce|recompute] [--out DIR] [any --spring or --restricted property]
 *   java -jar restricted-mode-exec.jar reconcile --id ID --registration FILE [--registration FILE ...] \
 *        [--scope SNAPSHOT|DELTA] [--out DIR] [any --spring or --restricted property]
 *   java -jar restricted-mode-exec.jar generate-registration --meters N --lines L --out FILE
 * </pre>
 * {@code reconcile} runs a reconciliation with registration (issue 18) against the service's own store, as the API's
 * run does and recorded the same way; a {@code --registration} is a name in
 * {@code restricted.reporting.registration-dir}, or a file inside that folder.
 * {@code report} runs against the service's own store (the same properties as the service), prints
 * progress (rows, bytes, ETA) to standard error, and copies the revision's forms to {@code --out}. It names
 * outcome logs as the API does, by their path in {@code restricted.reporting.sr-log-dir}: a {@code --sr-log}
 * is such a name, or a file inside that folder. A reproduction without {@code --sr-log} reads the published
 * report's logs.
 */
public final class ReportCommands {

    /**
     * Set by the composition root's batch start: no background work (CSP push, month-end exclusion lists, periodic
     * checkpoints) runs beside a report.
     */
    public static final String BACKGROUND_WORK = "restricted.background-work";

    private ReportCommands() {
    }

    public static boolean handles(String[] args) {
        return args.length > 0 && (args[0].equals("generate") || args[0].equals("report")
                || args[0].equals("reconcile") || args[0].equals("generate-registration"));
    }

    /**
     * @param service starts the service's context for a batch run, given the Spring arguments: no web server and
     *                no background work
     */
    public static int run(String[] args, Function<String[], ConfigurableApplicationContext> service) {
        try {
            return switch (args[0]) {
                case "generate" -> generate(args);
                case "generate-registration" -> generateRegistration(args);
                case "reconcile" -> reconcile(args, service);
                default -> report(args, service);
            };
        } catch (IllegalArgumentException | ReportRefused
                 | uk.smartmeter.restricted.application.reconciliation.ReconciliationRefused wrong) {
            System.err.println(args[0] + ": " + wrong.getMessage());
            return 2;
        } catch (IOException failed) {
            System.err.println(args[0] + ": " + failed.getMessage());
            return 1;
        }
    }

    private static int generate(String[] args) throws IOException {
        Options options = new Options(args, List.of("--month", "--rows", "--devices", "--restricted-share",
                "--failure-rate", "--slow-rate", "--consumption-share", "--seed", "--out", "--inventory", "--supplier"));
        OutcomeLogGenerator generator = new OutcomeLogGenerator(YearMonth.parse(options.required("--month")),
                Long.parseLong(options.required("--rows")), Integer.parseInt(options.required("--devices")),
                Double.parseDouble(options.value("--restricted-share", "0.02")),
                Double.parseDouble(options.value("--failure-rate", "0.01")),
                Double.parseDouble(options.value("--slow-rate", "0.02")),
                Double.parseDouble(options.value("--consumption-share", "0.6")),
                Long.parseLong(options.value("--seed", "2026")));
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(options.required("--out"))),
                1 << 20)) {
            generator.write(out);
        }
        if (options.value("--inventory", null) != null) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(options.value("--inventory",
                    null))))) {
                generator.inventory(out, options.value("--supplier", "SUPPLIER-A"));
            }
        }
        System.err.printf(Locale.ROOT, "wrote %d rows for %s; the first %d of %d devices are the Restricted ones%n",
                generator.rows(), generator.month(), generator.restrictedDevices(), generator.devices());
        return 0;
    }

    private static int generateRegistration(String[] args) throws IOException {
        Options options = new Options(args, List.of("--meters", "--lines", "--out"));
        uk.smartmeter.restricted.adapter.reporting.RegistrationGenerator generator =
                new uk.smartmeter.restricted.adapter.reporting.RegistrationGenerator(
                        Integer.parseInt(options.required("--meters")), Long.parseLong(options.required("--lines")));
        long written;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(options.required("--out"))),
                1 << 20)) {
            written = generator.write(out);
        }
        System.err.printf(Locale.ROOT, "wrote %,d registration lines; planted: %,d Changes of Supplier not received,"
                + " %,d fuel mismatches, %,d meters with no registration, %,d unknown meter points%n", written,
                generator.expectedChangeOfSupplierNotReceived(), generator.expectedFuelMismatches(),
                generator.expectedNoRegistration(), generator.unknownPoints());
        return 0;
    }

    /** Splits the service's own properties (for its context) from the command's options. */
    private record Split(Options options, String[] spring) {
        static Split of(String[] args, List<String> known) {
            List<String> ours = new ArrayList<>();
            List<String> spring = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                if (args[i].startsWith("--spring.") || args[i].startsWith("--restricted.")
                        || args[i].startsWith("--server.") || args[i].startsWith("--management.")
                        || args[i].startsWith("--axon.")) {
                    spring.add(args[i]);
                } else {
                    ours.add(args[i]);
                }
            }
            ours.add(0, args[0]);
            return new Split(new Options(ours.toArray(String[]::new), known), spring.toArray(String[]::new));
        }
    }

    /** A batch context: no projections, whose processors would only compete for the store and the CPU. */
    private static ConfigurableApplicationContext batch(Function<String[], ConfigurableApplicationContext> service,
                                                        String[] spring) {
        ConfigurableApplicationContext context = service.apply(spring);
        context.getBean(EventProcessingConfiguration.class).eventProcessors().values().forEach(EventProcessor::shutDown);
        return context;
    }

    private static int reconcile(String[] args, Function<String[], ConfigurableApplicationContext> service)
            throws IOException {
        Split split = Split.of(args, List.of("--id", "--registration", "--scope", "--out"));
        Options options = split.options();
        String id = options.required("--id");
        String scopeText = options.all("--scope").isEmpty() ? "SNAPSHOT" : options.all("--scope").get(0);
        if (!scopeText.equals("SNAPSHOT") && !scopeText.equals("DELTA")) {
            throw new IllegalArgumentException("--scope is SNAPSHOT (the default) or DELTA");
        }
        var scope = uk.smartmeter.restricted.domain.reconciliation.RegistrationScope.valueOf(scopeText);
        if (options.all("--registration").isEmpty()) {
            throw new IllegalArgumentException("--registration is required (once for each file)");
        }
        try (ConfigurableApplicationContext context = batch(service, split.spring())) {
            Path root = context.getBean(uk.smartmeter.restricted.adapter.reporting.ReportingProperties.class)
                    .registrationDir().toAbsolutePath().normalize();
            List<String> files = options.all("--registration").stream().map(file -> folderName(root, file,
                    "registration folder", "--restricted.reporting.registration-dir")).toList();
            var reconciliations = context.getBean(uk.smartmeter.restricted.application.port.in.ReconcileRegistration
                    .class);
            long started = System.nanoTime();
            var run = reconciliations.run(Actor.of("DCC-CLI", UserRole.DCC), id, files, scope, progress ->
                    System.err.printf(Locale.ROOT, "%s %s: %,d lines read%n", progress.reconciliationId(),
                            progress.state(), progress.linesRead()));
            double seconds = (System.nanoTime() - started) / 1e9;
            System.err.printf(Locale.ROOT, "reconciled %,d registration lines against %,d store meters in %.2f s"
                    + " (%,.0f lines/s overall)%n", run.linesRead(), run.storeMeters(), seconds,
                    run.linesRead() / seconds);
            System.out.printf(Locale.ROOT, "%s %s: store position %d, %,d meter points in force, %,d not yet in"
                    + " force%s%n", run.reconciliationId(), run.state(), run.storePosition(), run.meterPoints(),
                    run.notYetInForce(), run.detail() == null ? "" : "; " + run.detail());
            run.inputs().forEach(input -> System.out.printf(Locale.ROOT, "  input %s sha256 %s: %,d lines, %,d bad%n",
                    input.name(), input.sha256(), input.lines(), input.badLines()));
            run.counts().forEach((kind, count) -> System.out.printf(Locale.ROOT, "  %s: %,d (%,d on Restricted"
                    + " meters)%n", kind, count, run.restricted().getOrDefault(kind, 0L)));
            if (run.state().equals("DONE") && options.value("--out", null) != null) {
                Path out = Path.of(options.value("--out", null));
                Files.createDirectories(out);
                for (String form : List.of("json", "csv", "svg", "findings", "bad-lines")) {
                    String name = "reconciliation-" + run.reconciliationId() + "." + switch (form) {
                        case "findings" -> "findings.csv";
                        case "bad-lines" -> "bad-lines.csv";
                        default -> form;
                    };
                    // copied whole, then moved into place: a form found altered as it is read leaves no file behind
                    Path part = out.resolve(name + ".part");
                    try (var in = reconciliations.form(run.reconciliationId(), form).orElseThrow()) {
                        Files.copy(in, part, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException | RuntimeException altered) {
                        Files.deleteIfExists(part);
                        throw altered;
                    }
                    Files.move(part, out.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
                System.out.println("written to " + out.toAbsolutePath());
            }
            return run.state().equals("DONE") ? 0 : 1;
        }
    }

    private static int report(String[] args, Function<String[], ConfigurableApplicationContext> service)
            throws IOException {
        Split split = Split.of(args, List.of("--month", "--sr-log", "--mode", "--out"));
        Options options = split.options();
        YearMonth month = YearMonth.parse(options.required("--month"));
        RunMonthlyReports.Mode mode = RunMonthlyReports.Mode.valueOf(options.value("--mode", "publish")
                .toUpperCase(Locale.ROOT));
        try (ConfigurableApplicationContext context = batch(service, split.spring())) {
            Path root = context.getBean(uk.smartmeter.restricted.adapter.reporting.ReportingProperties.class).srLogDir()
                    .toAbsolutePath().normalize();
            List<String> logs = options.all("--sr-log").stream().map(log -> logName(root, log)).toList();
            RunMonthlyReports runs = context.getBean(RunMonthlyReports.class);
            PrintStream err = System.err;
            long[] lastPrint = {0};
            long started = System.nanoTime();
            long[] replayed = {0, 0};
            ReportRun run = runs.run(Actor.of("DCC-CLI", UserRole.DCC), month, logs, mode, progress -> {
                long now = System.nanoTime();
                if (replayed[1] == 0 && progress != null && progress.eventsRead() > 0) {
                    replayed[0] = progress.eventsRead();
                    replayed[1] = now;
                    err.printf(Locale.ROOT, "replayed %,d Device events in %.2f s: %,.0f events/s%n", replayed[0],
                            (now - started) / 1e9, replayed[0] / ((now - started) / 1e9));
                }
                if (now - lastPrint[0] > 1_000_000_000L && progress != null) {
                    lastPrint[0] = now;
                    err.printf(Locale.ROOT, "%s %s: %,d events, %,d rows, %,d of %,d bytes%s%n", progress.mode(),
                            progress.month(), progress.eventsRead(), progress.rowsRead(), progress.bytesRead(),
                            progress.bytesTotal(), progress.etaSeconds() == null ? "" : ", ETA "
                                    + progress.etaSeconds() + " s");
                }
            });
            double passSeconds = (System.nanoTime() - Math.max(replayed[1], started)) / 1e9;
            System.err.printf(Locale.ROOT, "read %,d outcome-log rows and wrote the report in %.2f s%n",
                    run.rowsRead(), passSeconds);
            System.out.printf(Locale.ROOT, "%s %s %s: revision %s, sha256 %s%s%s%n", run.mode(), run.month(), run.state(),
                    run.revision(), run.reportSha256(), run.identical() == null ? "" : ", byte-identical: "
                            + run.identical(), run.failure() == null ? "" : ", " + run.failure());
            run.differences().forEach(d -> System.out.printf(Locale.ROOT, "  differs: %s: published %s, reproduced %s%n",
                    d.what(), d.published(), d.reproduced()));
            if (ReportRun.DONE.equals(run.state()) && options.value("--out", null) != null && run.revision() != null) {
                Path out = Path.of(options.value("--out", null));
                Files.createDirectories(out);
                ReadMonthlyReports reports = context.getBean(ReadMonthlyReports.class);
                for (String form : List.of("json", "csv", "svg", "explanation")) {
                    String name = "report-" + month + "-r" + run.revision() + "."
                            + (form.equals("explanation") ? "excluded.csv" : form);
                    if (mode != RunMonthlyReports.Mode.REPRODUCE || !form.equals("explanation")) {
                        reports.output(month, run.revision(), form).ifPresent(text -> write(out.resolve(name), text));
                    }
                }
                System.out.println("written to " + out.toAbsolutePath());
            }
            return ReportRun.DONE.equals(run.state()) && !Boolean.FALSE.equals(run.identical()) ? 0 : 1;
        }
    }

    /** A log's name as the API gives it: its path in the outcome-log folder. */
    static String logName(Path root, String given) {
        return folderName(root, given, "outcome-log folder", "--restricted.reporting.sr-log-dir");
    }

    /** A file's name as the API gives it: its path in its folder. */
    static String folderName(Path root, String given, String folder, String property) {
        Path path = Path.of(given);
        if (!path.isAbsolute() && !Files.exists(path)) {
            return given;
        }
        Path file = path.toAbsolutePath().normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException(given + " is outside the " + folder + " " + root
                    + "; put it there or give " + property);
        }
        return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code --name value} pairs; a name may repeat. */
    private record Options(String[] args, List<String> known) {

        Options {
            for (int i = 1; i < args.length; i += 2) {
                if (!known.contains(args[i]) || i + 1 >= args.length) {
                    throw new IllegalArgumentException("unknown or incomplete option " + args[i] + "; options: " + known);
                }
            }
        }

        List<String> all(String name) {
            List<String> values = new ArrayList<>();
            for (int i = 1; i + 1 < args.length; i += 2) {
                if (args[i].equals(name)) {
                    values.add(args[i + 1]);
                }
            }
            return values;
        }

        String value(String name, String otherwise) {
            List<String> values = all(name);
            return values.isEmpty() ? otherwise : values.get(values.size() - 1);
        }

        String required(String name) {
            String value = value(name, null);
            if (value == null) {
                throw new IllegalArgumentException(name + " is required");
            }
            return value;
        }
    }
}
