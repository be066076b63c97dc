package uk.smartmeter.restricted.adapter.rest.inventory;

import java.io.UncheckedIOException;
import uk.smartmeter.restricted.application.port.in.ImportInventory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import uk.smartmeter.restricted.adapter.rest.problem.BodyLines;
import uk.smartmeter.restricted.application.input.FieldViolation;
import uk.smartmeter.restricted.adapter.rest.spool.SpoolDirectory;
import uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.smartmeter.restricted.adapter.rest.device.FactMapping;
import uk.smartmeter.restricted.adapter.rest.device.Requests.EnrolRequest;
import uk.smartmeter.restricted.application.input.InvalidRequest;
import uk.smartmeter.restricted.adapter.rest.security.Callers;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.application.port.in.EnrolDevicesUseCase;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.command.EnrolDevice;
import uk.smartmeter.restricted.application.input.ApiProblem;

/**
 * The inventory in bulk, streamed: each line is read and checked here, then enrolled as
 * {@code POST /api/v1/devices} would enrol it by the application's {@link ImportInventory} (chunks of 64 lines in one
 * transaction each, on a bounded pool of workers), and answered in input order with one NDJSON result line;
 * a summary line ends the response. Nothing is held in memory but the lines in flight, so a file of
 * millions of devices takes flat memory. A line's refusal never stops the rest.
 *
 * <p>Results are spooled to a temporary file while the upload is read and sent once it is complete:
 * answering while the client still uploads would stall every client that sends its whole body
 * before reading (the JDK's HttpClient among them) as soon as the socket buffers fill.
 */
@RestController
@RequestMapping(path = "/api/v1/inventory")
@Tag(name = "DCC facts")
@SecurityRequirement(name = "bearer")
public class InventoryImportController {

    public static final String NDJSON = "application/x-ndjson";
    private static final int MAX_LINE_BYTES = 16_384;

    private final Callers callers;
    private final ImportInventory imports;
    private final InventoryLines lines;
    private final ObjectMapper json;
    private final FactMapping facts = new FactMapping();
    private final SpoolDirectory spools;
    private final RecordRefusalUseCase refusals;

    public InventoryImportController(Callers callers, ImportInventory imports, ObjectMapper json, SpoolDirectory spools,
                                     RecordRefusalUseCase refusals) {
        this.spools = spools;
        this.refusals = refusals;
        this.callers = callers;
        this.imports = imports;
        this.lines = new InventoryLines(json);
        this.json = json;
    }

    /** One line's result. {@code outcome}: ENROLLED, UNCHANGED, REFUSED (with the code) or INVALID (with errors). */
    public record LineResult(long line, String deviceId, String outcome, String code, String detail, Object errors) {
    }

    @Operation(summary = "Import the inventory in bulk (DCC only)",
            description = "Send NDJSON (one enrolment JSON per line, as for POST /api/v1/devices) or CSV with the"
                    + " header deviceId,deviceType,smetsVersion,smiStatus,commsHubId,commsHubStatus,gpfId,mpxn,"
                    + "cspRegion,paymentMode,supplierPartyId,supplierRole,loadSwitching,radioTeleswitch,"
                    + "networkManagedWithoutWan,effectiveAt. Once the upload is complete, the answer streams one"
                    + " NDJSON line per input line,"
                    + " {line, deviceId, outcome, code, detail, errors}, in input order, then"
                    + " {\"summary\":{...}}. Re-sending a file is safe: unchanged meters answer UNCHANGED.",
            requestBody = @RequestBody(required = true, content = {
                    @Content(mediaType = NDJSON, schema = @Schema(type = "string")),
                    @Content(mediaType = "text/csv", schema = @Schema(type = "string"))}))
    @ApiResponse(responseCode = "200", description = "per-line results, streamed",
            content = @Content(mediaType = NDJSON, schema = @Schema(implementation = LineResult.class)))
    @PostMapping(path = "/imports", consumes = {NDJSON, "text/csv"}, produces = NDJSON)
    public void importInventory(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Actor dcc = callers.actor(EnumSet.of(UserRole.DCC), "ImportInventory", null);
        boolean csv = request.getContentType() != null
                && MediaType.parseMediaType(request.getContentType()).isCompatibleWith(MediaType.parseMediaType("text/csv"));
        BodyLines in = new BodyLines(request.getInputStream(), MAX_LINE_BYTES);
        if (csv) {
            BodyLines.Line header = in.next();
            InventoryLines.checkCsvHeader(header == null || header.kind() != BodyLines.Kind.TEXT ? "" : header.text());
        }
        try (SpoolDirectory.Spool spool = spools.create("inventory-import")) {
            Summary summary = new Summary();
            try (OutputStream out = new BufferedOutputStream(spool.output(), 1 << 16)) {
                try (ImportInventory.Session<Prepared> session = imports.open(answer -> write(out, answer, summary))) {
                    for (BodyLines.Line line = in.next(); line != null; line = in.next()) {
                        Prepared prepared = prepare(line, csv, dcc);
                        session.offer(prepared, prepared.command());
                    }
                } catch (UncheckedIOException failed) {
                    throw failed.getCause();
                }
                out.write(json.writeValueAsBytes(Map.of("summary", summary)));
                out.write('\n');
            }
            if (summary.invalid > 0) {
                refusals.recordRefusal(null, dcc, "ImportInventory", ApiProblem.INVALID_REQUEST, summary.invalid
                        + " of " + summary.lines + " lines broke field rules and were not enrolled; first: "
                        + String.join(", ", summary.firstInvalid));
            }
            response.setStatus(200);
            response.setContentType(NDJSON);
            try (java.io.InputStream answers = spool.input()) {
                answers.transferTo(response.getOutputStream());
            }
        }
    }

    /** One input line, read and checked on the reading thread: its command, or its answer when it is invalid. */
    private record Prepared(long number, EnrolDevice command, LineResult invalid) {
    }

    private Prepared prepare(BodyLines.Line line, boolean csv, Actor dcc) {
        if (line.kind() != BodyLines.Kind.TEXT) {
            List<FieldViolation> errors = List.of(new FieldViolation("line",
                    BodyLines.ruleOf(line, MAX_LINE_BYTES, csv ? "a CSV row" : "an enrolment in JSON")));
            return new Prepared(line.number(), null, invalid(line.number(), null, errors));
        }
        EnrolRequest request = null;
        try {
            request = csv ? lines.fromCsv(line.text()) : lines.fromNdjson(line.text());
            return new Prepared(line.number(), facts.enrolment(request, dcc), null);
        } catch (InvalidRequest invalid) {
            return new Prepared(line.number(), null, invalid(line.number(), request == null ? null : request.deviceId(),
                    invalid.violations()));
        }
    }

    private static LineResult invalid(long number, String deviceId, List<FieldViolation> errors) {
        return new LineResult(number, deviceId, "INVALID", "INVALID_REQUEST", "the line breaks " + errors.size()
                + " field rule(s)", errors);
    }

    private static LineResult resultOf(long number, CommandOutcome outcome) {
        String deviceId = outcome.device().id().value();
        if (outcome.decision() instanceof Decision.Refused refused) {
            return new LineResult(number, deviceId, "REFUSED", refused.code().name(), refused.refusal().detail(), null);
        }
        boolean changed = !((Decision.Accepted) outcome.decision()).changedNothing();
        return new LineResult(number, deviceId, changed ? "ENROLLED" : "UNCHANGED", null, null, null);
    }

    /** One line's answer, in file order: its field errors, or its enrolment's outcome. */
    private void write(OutputStream out, ImportInventory.Answer<Prepared> answer, Summary summary) {
        LineResult result = answer.outcome() == null ? answer.line().invalid()
                : resultOf(answer.line().number(), answer.outcome());
        summary.count(result);
        try {
            out.write(json.writeValueAsBytes(result));
            out.write('\n');
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    /** Totals by outcome, the last line of the answer. */
    public static final class Summary {
        public long lines;
        public long enrolled;
        public long unchanged;
        public long refused;
        public long invalid;

        @com.fasterxml.jackson.annotation.JsonIgnore
        final List<String> firstInvalid = new ArrayList<>();

        void count(LineResult result) {
            lines++;
            switch (result.outcome()) {
                case "ENROLLED" -> enrolled++;
                case "UNCHANGED" -> unchanged++;
                case "REFUSED" -> refused++;
                default -> {
                    invalid++;
                    if (firstInvalid.size() < 10) {
                        firstInvalid.add("line " + result.line());
                    }
                }
            }
        }
    }
}
