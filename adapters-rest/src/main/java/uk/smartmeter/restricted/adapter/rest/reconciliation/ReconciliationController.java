package uk.smartmeter.restricted.adapter.rest.reconciliation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
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
import uk.smartmeter.restricted.application.port.in.EndpointRoles;
import uk.smartmeter.restricted.application.port.in.ReconcileRegistration;
import uk.smartmeter.restricted.application.port.out.ReconciliationRun;
import uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;
import uk.smartmeter.restricted.application.reconciliation.ReconciliationRefused;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.reconciliation.MismatchKind;
import uk.smartmeter.restricted.domain.reconciliation.RegistrationScope;

/**
 * Reconciliation of the store's meters with registration (issue 18, F14), for the DCC (runs) and regulators (reads):
 * a run over registration files in the registration folder, its counts by kind, each kind's findings paged with the
 * Restricted meters first, and its forms (JSON, CSV, chart, every finding, every bad line). Nothing is changed by a
 * run: each finding names the DCC command that would correct it.
 */
@RestController
@RequestMapping(path = "/api/v1/reconciliations", produces = {MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_PROBLEM_JSON_VALUE})
@Tag(name = "Reconciliation with registration", description = "The store's meters compared with registration's"
        + " snapshot or daily delta: flags under an unregistered Supplier, Changes of Supplier never received, fuel or"
        + " role mismatches, unknown meter points and meters with no registration. Read-only; every run is recorded in"
        + " the history.")
@SecurityRequirement(name = "bearer")
public class ReconciliationController {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final List<String> FORMS = List.of("json", "csv", "svg", "findings", "bad-lines");
    private static final int MAX_FILES = 31;

    private final Callers callers;
    private final ReconcileRegistration reconciliations;
    private final RecordRefusalUseCase refusals;

    public ReconciliationController(Callers callers, ReconcileRegistration reconciliations,
                                    RecordRefusalUseCase refusals) {
        this.callers = callers;
        this.reconciliations = reconciliations;
        this.refusals = refusals;
    }

    @Schema(name = "ReconciliationRunRequest")
    public record RunRequest(
            @Schema(description = "the run's identifier, chosen by the caller: 1 to 64 letters, digits, . _ or -;"
                    + " asked again with the same files it answers the same run", example = "css-2026-12-01")
            String reconciliationId,
            @Schema(description = "registration files by their path in the registration folder (.csv or .ndjson), at"
                    + " most 31, read in this order: for each meter point the line in force is the latest"
                    + " effective-from, and of equal ones the later line", example = "[\"snapshot-2026-12-01.csv\"]")
            List<String> registrationFiles,
            @Schema(description = "SNAPSHOT (the default): the files list every registered meter point, so a store"
                    + " meter they do not list is NO_REGISTRATION, and a snapshot with no meter point in force fails;"
                    + " DELTA: a day's changes, only the points listed are compared", example = "SNAPSHOT",
                    allowableValues = {"SNAPSHOT", "DELTA"})
            String scope) {
    }

    @Operation(summary = "Run a reconciliation", description = "Starts the run and answers 202 with its status (200"
            + " with the run already asked for, when the same ID comes again with the same files); follow it at"
            + " /api/v1/reconciliations/{reconciliationId}. 409 RECONCILIATION_ID_REUSED for an ID used with other"
            + " files or another scope; 422 naming registrationFiles for a file that is missing, named twice or without"
            + " a known header, or naming scope. DCC only.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ReconciliationRun> run(@RequestBody RunRequest request) {
        Actor actor = callers.actor(EndpointRoles.Reconciliations.RUN, "RunReconciliation", null);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        String id = request == null ? null : request.reconciliationId();
        if (id == null) {
            rules.add("reconciliationId", "required");
        } else if (!ID.matcher(id).matches()) {
            rules.add("reconciliationId", "1 to 64 letters, digits, . _ or -, beginning with a letter or digit");
        }
        List<String> files = request == null ? null : request.registrationFiles();
        if (files == null || files.isEmpty()) {
            rules.add("registrationFiles", "at least one registration file");
        } else if (files.size() > MAX_FILES) {
            rules.add("registrationFiles", "at most " + MAX_FILES + " files a run");
        } else if (files.stream().anyMatch(name -> name == null || name.isBlank() || name.length() > 128
                || name.chars().anyMatch(Character::isISOControl))) {
            rules.add("registrationFiles", "names of 1 to 128 characters, with no control characters");
        }
        String scopeText = request == null ? null : request.scope();
        RegistrationScope scope = RegistrationScope.SNAPSHOT;
        if ("DELTA".equals(scopeText)) {
            scope = RegistrationScope.DELTA;
        } else if (scopeText != null && !"SNAPSHOT".equals(scopeText)) {
            rules.add("scope", "SNAPSHOT or DELTA");
        }
        rules.throwIfAny();
        try {
            ReconcileRegistration.Started started = reconciliations.start(actor, id, files, scope);
            ReconciliationRun run = started.run();
            return ResponseEntity.status(started.fresh() ? 202 : 200)
                    .header(HttpHeaders.LOCATION, "/api/v1/reconciliations/" + run.reconciliationId()).body(run);
        } catch (ReconciliationRefused refused) {
            if (refused.code() == ServiceRefusal.REGISTRATION_INPUTS_INVALID) {
                throw InvalidRequest.of("registrationFiles", refused.getMessage());
            }
            throw refuse(actor, "RunReconciliation", refused);
        }
    }

    public record Runs(List<ReconciliationRun> reconciliations) {
    }

    @Operation(summary = "The latest runs", description = "Newest first, at most 100. DCC and REGULATOR.")
    @GetMapping
    public Runs recent() {
        callers.actor(EndpointRoles.Reconciliations.READ, "ListReconciliations", null);
        return new Runs(reconciliations.recent(100));
    }

    @Operation(summary = "A run", description = "Its state (RUNNING, DONE, FAILED), lines read, the store position"
            + " its view of the meters was taken at, each input with its SHA-256 and bad lines, the findings by kind"
            + " (and of those, on Restricted meters), and the SHA-256 of each form. DCC and REGULATOR.")
    @GetMapping("/{reconciliationId}")
    public ReconciliationRun status(@PathVariable String reconciliationId) {
        Actor actor = callers.actor(EndpointRoles.Reconciliations.READ, "ReadReconciliation", null);
        String id = id(reconciliationId);
        return reconciliations.find(id).orElseThrow(() -> notFound(actor, "no reconciliation " + id));
    }

    /** One finding as the API shows it. */
    public record ReconciliationFinding(String kind, boolean restricted, String mpxn,
                          @Schema(description = "null for a meter point the store does not know") String deviceId,
                          @Schema(description = "the registration file of the line it rests on; null for a meter"
                                  + " with no registration") String registrationFile,
                          @Schema(description = "the registration line it rests on, in that file; 0 for a meter with"
                                  + " no registration") long line, String detail,
                          @Schema(description = "the DCC command that would correct it, or why none here") String correction) {
    }

    public record ReconciliationFindingsPage(String reconciliationId, String kind, long total, List<ReconciliationFinding> findings,
                               @Schema(description = "the cursor of the next page; null on the last") Long nextCursor) {
    }

    @Operation(summary = "One kind's findings, paged", description = "Restricted meters first, then by meter point."
            + " Each finding names its meter point, device, the registration line it rests on and the DCC command that"
            + " would correct it. Follow nextCursor for the next page. DCC and REGULATOR.")
    @GetMapping("/{reconciliationId}/findings")
    public ReconciliationFindingsPage findings(@PathVariable String reconciliationId,
            @Parameter(description = "FLAG_UNDER_UNREGISTERED_SUPPLIER, CHANGE_OF_SUPPLIER_NOT_RECEIVED,"
                    + " FUEL_OR_ROLE_MISMATCH, MPXN_UNKNOWN or NO_REGISTRATION") @RequestParam(required = false)
            String kind,
            @RequestParam(defaultValue = "0") String cursor, @RequestParam(defaultValue = "100") String limit) {
        Actor actor = callers.actor(EndpointRoles.Reconciliations.READ, "ReadReconciliationFindings", null);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        String id = rules.check("reconciliationId", reconciliationId, ReconciliationController::checkedId);
        MismatchKind chosen = rules.check("kind", kind, ReconciliationController::kind);
        Long from = rules.check("cursor", cursor, raw -> {
            long value = Params.asciiLong(raw);
            if (value < 0) {
                throw new IllegalArgumentException("0 or more");
            }
            return value;
        });
        Integer size = rules.check("limit", limit, raw -> {
            int value = Params.asciiInt(raw);
            if (value < 1 || value > 1000) {
                throw new IllegalArgumentException("1 to 1000");
            }
            return value;
        });
        rules.throwIfAny();
        try {
            uk.smartmeter.restricted.application.port.out.FindingsPage page = reconciliations.findings(id, chosen, from, size).orElseThrow(() ->
                    notFound(actor, "no finished reconciliation " + id));
            return new ReconciliationFindingsPage(page.reconciliationId(), page.kind().name(), page.total(), page.findings().stream()
                    .map(m -> new ReconciliationFinding(m.kind().name(), m.restricted(), m.mpxn().value(),
                            m.deviceId() == null ? null : m.deviceId().value(), m.file(), m.line(), m.detail(),
                            m.correction()))
                    .toList(), page.nextCursor());
        } catch (ReconciliationRefused refused) {
            throw refuse(actor, "ReadReconciliationFindings", refused);
        }
    }

    @Operation(summary = "A finished run's form", description = "format=json (the run), csv (counts by kind), svg (the"
            + " chart), findings (every finding, CSV, in listing order) or bad-lines (CSV: file, line, field, rule)."
            + " A file that no longer has the SHA-256 kept with the run is refused (409 RECONCILIATION_FILE_ALTERED),"
            + " never served. DCC and REGULATOR.")
    @GetMapping(path = "/{reconciliationId}/report", produces = {MediaType.APPLICATION_JSON_VALUE, "text/csv",
            "image/svg+xml", MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<Resource> report(@PathVariable String reconciliationId,
                                           @RequestParam(defaultValue = "json") String format) {
        Actor actor = callers.actor(EndpointRoles.Reconciliations.READ, "ReadReconciliationReport", null);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        String id = rules.check("reconciliationId", reconciliationId, ReconciliationController::checkedId);
        if (!FORMS.contains(format)) {
            rules.add("format", "json, csv, svg, findings or bad-lines");
        }
        rules.throwIfAny();
        InputStream body;
        try {
            body = reconciliations.form(id, format).orElseThrow(() -> notFound(actor, "no finished reconciliation "
                    + id));
        } catch (ReconciliationRefused refused) {
            throw refuse(actor, "ReadReconciliationReport", refused);
        }
        MediaType type = switch (format) {
            case "csv", "findings", "bad-lines" -> new MediaType("text", "csv", StandardCharsets.UTF_8);
            case "svg" -> MediaType.valueOf("image/svg+xml");
            default -> MediaType.APPLICATION_JSON;
        };
        return ResponseEntity.ok().contentType(type).body(new InputStreamResource(body));
    }

    private String id(String raw) {
        return InvalidRequest.parse("reconciliationId", raw, ReconciliationController::checkedId);
    }

    private static String checkedId(String raw) {
        if (!ID.matcher(raw).matches()) {
            throw new IllegalArgumentException("1 to 64 letters, digits, . _ or -, beginning with a letter or digit");
        }
        return raw;
    }

    private static MismatchKind kind(String raw) {
        for (MismatchKind kind : MismatchKind.values()) {
            if (kind.name().equals(raw)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("FLAG_UNDER_UNREGISTERED_SUPPLIER, CHANGE_OF_SUPPLIER_NOT_RECEIVED,"
                + " FUEL_OR_ROLE_MISMATCH, MPXN_UNKNOWN or NO_REGISTRATION");
    }

    private Rejection refuse(Actor actor, String request, ReconciliationRefused refused) {
        refusals.recordRefusal(null, actor, request, refused.code(), refused.getMessage());
        return new Rejection(refused.code(), refused.getMessage());
    }

    private Rejection notFound(Actor actor, String detail) {
        refusals.recordRefusal(null, actor, "ReadReconciliation", ServiceRefusal.RECONCILIATION_NOT_FOUND, detail);
        return new Rejection(ServiceRefusal.RECONCILIATION_NOT_FOUND, detail);
    }
}
