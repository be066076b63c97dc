package uk.smartmeter.restricted.adapter.rest.reporting;

import uk.smartmeter.restricted.application.port.in.EndpointRoles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.YearMonth;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.smartmeter.restricted.application.input.InvalidRequest;
import uk.smartmeter.restricted.adapter.rest.problem.Params;
import uk.smartmeter.restricted.adapter.rest.problem.Rejection;
import uk.smartmeter.restricted.adapter.rest.security.Callers;
import uk.smartmeter.restricted.application.port.in.ReadMonthlyReports;
import uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase;
import uk.smartmeter.restricted.application.port.in.RunMonthlyReports;
import uk.smartmeter.restricted.application.reporting.ReportRefused;
import uk.smartmeter.restricted.application.port.out.Reproduction;
import uk.smartmeter.restricted.application.port.out.ReportRevision;
import uk.smartmeter.restricted.application.port.in.ReportRun;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.reporting.ReportDiff;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;

/**
 * Monthly performance reports (MP169 BR6) for the DCC and regulators: the months, each month's revisions
 * (1 is the published one), a revision as JSON, CSV, SVG chart or the explanation of every excluded row,
 * the diff of a revision against the published report, and runs (publish, reproduce, recompute).
 */
@RestController
@RequestMapping(path = "/api/v1/reports", produces = {MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_PROBLEM_JSON_VALUE})
@Tag(name = "Monthly reports", description = "Performance measures as reported and as adjusted for Restricted meters,"
        + " rebuilt from the events and the DSP's outcome logs, published once and reproducible byte for byte.")
@SecurityRequirement(name = "bearer")
public class ReportController {

    private static final List<String> FORMS = List.of("json", "csv", "svg", "explanation");

    private final Callers callers;
    private final RunMonthlyReports runs;
    private final ReadMonthlyReports reports;
    private final RecordRefusalUseCase refusals;

    public ReportController(Callers callers, RunMonthlyReports runs, ReadMonthlyReports reports,
                            RecordRefusalUseCase refusals) {
        this.callers = callers;
        this.runs = runs;
        this.reports = reports;
        this.refusals = refusals;
    }

    public record Months(List<String> months) {
    }

    @Operation(summary = "The months with stored reports", description = "Newest first. DCC and REGULATOR.")
    @GetMapping
    public Months months() {
        callers.actor(EndpointRoles.Reports.READ, "ListReports", null);
        return new Months(reports.months().stream().map(YearMonth::toString).toList());
    }

    @Operation(summary = "A month's revisions", description = "Revision 1 is the published report; later ones are"
            + " recomputations kept beside it. Each names the event-store position and the outcome logs (with their"
            + " SHA-256) it was computed from, and the SHA-256 of its JSON. DCC and REGULATOR.")
    @GetMapping("/{month}")
    public List<ReportRevision> revisions(@Parameter(example = "2026-10") @PathVariable String month) {
        callers.actor(EndpointRoles.Reports.READ, "ReadReport", null);
        return reports.revisions(InvalidRequest.parse("month", month, ReportController::parseMonth));
    }

    @Operation(summary = "A revision's report",
            description = "format=json (default), csv (its figures, reported and adjusted side by side), svg (the"
                    + " chart) or explanation (every request left out of the adjusted figures, with its outcome log,"
                    + " line, request ID, device, SRV and reason). Revision 0 is the published one. DCC and REGULATOR.")
    @GetMapping(path = "/{month}/revisions/{revision}", produces = {MediaType.APPLICATION_JSON_VALUE, "text/csv",
            "image/svg+xml", MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<String> report(@Parameter(example = "2026-10") @PathVariable String month,
                                         @Parameter(example = "1") @PathVariable String revision,
                                         @RequestParam(defaultValue = "json") String format) {
        Actor actor = callers.actor(EndpointRoles.Reports.READ, "ReadReport", null);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        YearMonth reportMonth = rules.check("month", month, ReportController::parseMonth);
        Integer number = rules.check("revision", revision, ReportController::revision);
        if (!FORMS.contains(format)) {
            rules.add("format", "json, csv, svg or explanation");
        }
        rules.throwIfAny();
        String body = served(actor, () -> reports.output(reportMonth, number, format)).orElseThrow(() -> notFound(
                actor, reportMonth + " has no revision " + number));
        MediaType type = switch (format) {
            case "csv", "explanation" -> new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);
            case "svg" -> MediaType.valueOf("image/svg+xml");
            default -> MediaType.APPLICATION_JSON;
        };
        return ResponseEntity.ok().contentType(type).body(body);
    }

    public record DiffResponse(String month, int revision, List<ReportDiff.Change> changes) {
    }

    @Operation(summary = "What a revision changed against the published report",
            description = "Every figure whose value differs (before = published, after = the revision). DCC and"
                    + " REGULATOR.")
    @GetMapping("/{month}/revisions/{revision}/diff")
    public DiffResponse diff(@Parameter(example = "2026-10") @PathVariable String month,
                             @Parameter(example = "2") @PathVariable String revision) {
        Actor actor = callers.actor(EndpointRoles.Reports.READ, "ReadReportDiff", null);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        YearMonth reportMonth = rules.check("month", month, ReportController::parseMonth);
        Integer number = rules.check("revision", revision, ReportController::revision);
        rules.throwIfAny();
        return served(actor, () -> reports.diff(reportMonth, number)).map(changes -> new DiffResponse(reportMonth.toString(), number,
                changes)).orElseThrow(() -> notFound(actor, reportMonth + " has no revision " + number));
    }

    public record RunRequest(
            @Schema(description = "PUBLISH (once, after the month ends), REPRODUCE (the published report again: the"
                    + " answer says whether it is byte-identical) or RECOMPUTE (a new revision with everything known now)")
            String mode,
            @Schema(description = "outcome logs by their path in the outcome-log folder; for REPRODUCE and RECOMPUTE"
                    + " empty means the published report's") List<String> outcomeLogs) {
    }

    @Operation(summary = "Run a month's report", description = "Starts the run and answers 202 with its status; follow"
            + " it at /api/v1/reports/runs/{runId} (rows read, ETA, then the revision or whether the reproduction is"
            + " byte-identical). DCC only.")
    @PostMapping(path = "/{month}/runs", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ReportRun> run(@Parameter(example = "2026-10") @PathVariable String month,
                                         @RequestBody RunRequest request) {
        Actor actor = callers.actor(EndpointRoles.Reports.RUN, "RunReport", null);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        YearMonth reportMonth = rules.check("month", month, ReportController::parseMonth);
        RunMonthlyReports.Mode mode = request == null ? null : rules.check("mode", request.mode(),
                ReportController::mode);
        if (request == null) {
            rules.add("mode", "required");
        }
        List<String> logs = request == null || request.outcomeLogs() == null ? List.of() : request.outcomeLogs();
        if (logs.stream().anyMatch(name -> name == null || name.isBlank() || name.length() > 512
                || name.chars().anyMatch(Character::isISOControl))) {
            rules.add("outcomeLogs", "names of 1 to 512 characters, with no control characters (NUL included)");
        }
        rules.throwIfAny();
        try {
            return ResponseEntity.accepted().body(runs.start(actor, reportMonth, logs, mode));
        } catch (ReportRefused refused) {
            if (refused.code() == ServiceRefusal.REPORT_INPUTS_INVALID || refused.code() == ServiceRefusal.OUTCOME_LOG_NOT_FOUND) {
                throw InvalidRequest.of("outcomeLogs", refused.getMessage());
            }
            refusals.recordRefusal(null, actor, "RunReport", refused.code(), refused.getMessage());
            throw new Rejection(refused.code(), refused.getMessage());
        }
    }

    @Operation(summary = "A run's progress", description = "Bytes of the outcome logs read, the ETA, then the"
            + " result. DCC and REGULATOR.")
    @GetMapping("/runs/{runId}")
    public ReportRun status(@PathVariable String runId) {
        Actor actor = callers.actor(EndpointRoles.Reports.READ, "ReadReportRun", null);
        long id = InvalidRequest.parse("runId", runId, ReportController::runId);
        return runs.status(id).orElseThrow(() -> notFound(actor, "no run " + id));
    }

    @Operation(summary = "Cancel a run", description = "Asks a running run to stop; it ends CANCELLED at its next"
            + " buffer of rows or event, and stores nothing. Answers the run's status. DCC only.")
    @org.springframework.web.bind.annotation.DeleteMapping("/runs/{runId}")
    public ReportRun cancel(@PathVariable String runId) {
        Actor actor = callers.actor(EndpointRoles.Reports.RUN, "CancelReportRun", null);
        long id = InvalidRequest.parse("runId", runId, ReportController::runId);
        return runs.cancel(actor, id).orElseThrow(() -> notFound(actor, "no run " + id));
    }

    @Operation(summary = "A month's reproductions", description = "Every REPRODUCE of the month's published report:"
            + " who, when, whether it was identical, and which inputs (outcome logs by SHA-256, the catalogue) and"
            + " forms (json, csv, svg, explanation: the files served) differed. DCC and REGULATOR.")
    @GetMapping("/{month}/reproductions")
    public List<Reproduction> reproductions(@Parameter(example = "2026-10") @PathVariable String month) {
        callers.actor(EndpointRoles.Reports.READ, "ReadReportReproductions", null);
        return reports.reproductions(InvalidRequest.parse("month", month, ReportController::parseMonth));
    }

    /** A stored form whose file was altered is refused (recorded) with the file's name, never served. */
    private <T> T served(Actor actor, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (ReportRefused refused) {
            refusals.recordRefusal(null, actor, "ReadReport", refused.code(), refused.getMessage());
            throw new Rejection(refused.code(), refused.getMessage());
        }
    }

    private Rejection notFound(Actor actor, String detail) {
        refusals.recordRefusal(null, actor, "ReadReport", ServiceRefusal.REPORT_NOT_FOUND, detail);
        return new Rejection(ServiceRefusal.REPORT_NOT_FOUND, detail);
    }

    private static YearMonth parseMonth(String raw) {
        return Params.month(raw);
    }

    private static int revision(String raw) {
        if ("published".equals(raw)) {
            return 0;
        }
        try {
            int value = Params.asciiInt(raw);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new IllegalArgumentException("a revision number (0 or published: the published one)");
    }

    private static long runId(String raw) {
        try {
            return Params.asciiLong(raw);
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("a run number");
        }
    }

    private static RunMonthlyReports.Mode mode(String raw) {
        for (RunMonthlyReports.Mode mode : RunMonthlyReports.Mode.values()) {
            if (mode.name().equals(raw)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("PUBLISH, REPRODUCE or RECOMPUTE");
    }
}
