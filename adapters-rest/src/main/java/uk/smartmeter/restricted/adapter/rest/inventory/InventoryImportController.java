package uk.smartmeter.restricted.adapter.rest.inventory;

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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.smartmeter.restricted.adapter.rest.device.FactMapping;
import uk.smartmeter.restricted.adapter.rest.device.Requests.EnrolRequest;
import uk.smartmeter.restricted.adapter.rest.problem.InvalidRequest;
import uk.smartmeter.restricted.adapter.rest.security.Callers;
import uk.smartmeter.restricted.application.port.in.CommandOutcome;
import uk.smartmeter.restricted.application.port.in.EnrolDevicesUseCase;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.command.EnrolDevice;

/**
 * The inventory in bulk, streamed: each line is enrolled as {@code POST /api/v1/devices} would
 * enrol it, in chunks of 64 lines appended in one transaction each, by a bounded pool of workers,
 * and answered in input order with one NDJSON result line;
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
    private static final int MAX_LINE_CHARS = 16_384;

    private static final int CHUNK = 64;

    private final Callers callers;
    private final EnrolDevicesUseCase enrol;
    private final ExecutorService workers;
    private final int chunksInFlight;
    private final InventoryLines lines;
    private final ObjectMapper json;
    private final FactMapping facts = new FactMapping();

    public InventoryImportController(Callers callers, EnrolDevicesUseCase enrol, ExecutorService workers,
                                     int chunksInFlight, ObjectMapper json) {
        this.callers = callers;
        this.enrol = enrol;
        this.workers = workers;
        this.chunksInFlight = chunksInFlight;
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
        BufferedReader in = new BufferedReader(new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8));
        long number = 0;
        if (csv) {
            number++;
            String header = in.readLine();
            InventoryLines.checkCsvHeader(header == null ? "" : header);
        }
        Path spool = Files.createTempFile("inventory-import-", ".ndjson");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16)) {
                Summary summary = new Summary();
                Deque<Future<List<LineResult>>> pending = new ArrayDeque<>();
                List<NumberedLine> chunk = new ArrayList<>(CHUNK);
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    chunk.add(new NumberedLine(number, line));
                    if (chunk.size() == CHUNK) {
                        pending.addLast(submit(chunk, csv, dcc));
                        chunk = new ArrayList<>(CHUNK);
                        if (pending.size() >= chunksInFlight) {
                            write(out, pending.removeFirst(), summary);
                        }
                    }
                }
                if (!chunk.isEmpty()) {
                    pending.addLast(submit(chunk, csv, dcc));
                }
                while (!pending.isEmpty()) {
                    write(out, pending.removeFirst(), summary);
                }
                out.write(json.writeValueAsBytes(Map.of("summary", summary)));
                out.write('\n');
            }
            response.setStatus(200);
            response.setContentType(NDJSON);
            Files.copy(spool, response.getOutputStream());
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    private record NumberedLine(long number, String text) {
    }

    private Future<List<LineResult>> submit(List<NumberedLine> chunk, boolean csv, Actor dcc) {
        return workers.submit(() -> enrolChunk(chunk, csv, dcc));
    }

    /**
     * Reads every line of the chunk, then enrols the valid ones as one batch (one transaction). If the
     * batch as a whole fails, for example because another writer raced it, each line is tried alone.
     */
    private List<LineResult> enrolChunk(List<NumberedLine> chunk, boolean csv, Actor dcc) {
        LineResult[] results = new LineResult[chunk.size()];
        List<EnrolDevice> commands = new ArrayList<>(chunk.size());
        List<Integer> positions = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            NumberedLine line = chunk.get(i);
            EnrolRequest request = null;
            try {
                if (line.text().length() > MAX_LINE_CHARS) {
                    throw InvalidRequest.of("line", "at most " + MAX_LINE_CHARS + " characters");
                }
                request = csv ? lines.fromCsv(line.text()) : lines.fromNdjson(line.text());
                commands.add(facts.enrolment(request, dcc));
                positions.add(i);
            } catch (InvalidRequest invalid) {
                results[i] = new LineResult(line.number(), request == null ? null : request.deviceId(), "INVALID",
                        "INVALID_REQUEST", "the line breaks " + invalid.violations().size() + " field rule(s)",
                        invalid.violations());
            }
        }
        List<CommandOutcome> outcomes;
        try {
            outcomes = enrol.enrolAll(commands);
        } catch (RuntimeException batchFailed) {
            outcomes = commands.stream().map(command -> enrol.enrolAll(List.of(command)).get(0)).toList();
        }
        for (int k = 0; k < outcomes.size(); k++) {
            int i = positions.get(k);
            results[i] = resultOf(chunk.get(i).number(), outcomes.get(k));
        }
        return List.of(results);
    }

    private static LineResult resultOf(long number, CommandOutcome outcome) {
        String deviceId = outcome.device().id().value();
        if (outcome.decision() instanceof Decision.Refused refused) {
            return new LineResult(number, deviceId, "REFUSED", refused.code().name(), refused.refusal().detail(), null);
        }
        boolean changed = !((Decision.Accepted) outcome.decision()).changedNothing();
        return new LineResult(number, deviceId, changed ? "ENROLLED" : "UNCHANGED", null, null, null);
    }

    private void write(OutputStream out, Future<List<LineResult>> next, Summary summary) throws IOException {
        List<LineResult> results;
        try {
            results = next.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("import interrupted", interrupted);
        } catch (ExecutionException failed) {
            throw new IOException("import failed", failed.getCause());
        }
        for (LineResult result : results) {
            summary.count(result.outcome());
            out.write(json.writeValueAsBytes(result));
            out.write('\n');
        }
    }

    /** Totals by outcome, the last line of the answer. */
    public static final class Summary {
        public long lines;
        public long enrolled;
        public long unchanged;
        public long refused;
        public long invalid;

        void count(String outcome) {
            lines++;
            switch (outcome) {
                case "ENROLLED" -> enrolled++;
                case "UNCHANGED" -> unchanged++;
                case "REFUSED" -> refused++;
                default -> invalid++;
            }
        }
    }
}
