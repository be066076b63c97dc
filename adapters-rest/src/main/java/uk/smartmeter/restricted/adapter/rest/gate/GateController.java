package uk.smartmeter.restricted.adapter.rest.gate;

import uk.smartmeter.restricted.application.input.GateQuestions;
import uk.smartmeter.restricted.application.input.DuisRequest;

import uk.smartmeter.restricted.application.port.in.EndpointRoles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.smartmeter.restricted.adapter.rest.gate.GateMessages.BatchLine;
import uk.smartmeter.restricted.adapter.rest.gate.GateMessages.DecisionRequest;
import uk.smartmeter.restricted.adapter.rest.gate.GateMessages.DecisionResponse;
import uk.smartmeter.restricted.adapter.rest.gate.GateMessages.DeviceDecision;
import uk.smartmeter.restricted.adapter.rest.gate.GateMessages.DuisDecisionResponse;
import uk.smartmeter.restricted.adapter.rest.gate.GateMessages.ReceiptResponse;
import uk.smartmeter.restricted.adapter.rest.problem.BodyLines;
import uk.smartmeter.restricted.application.input.FieldViolation;
import uk.smartmeter.restricted.application.input.PayloadTooLarge;
import uk.smartmeter.restricted.adapter.rest.spool.SpoolDirectory;
import uk.smartmeter.restricted.application.input.InvalidRequest;
import uk.smartmeter.restricted.adapter.rest.problem.Params;
import uk.smartmeter.restricted.adapter.rest.problem.JsonFaults;
import uk.smartmeter.restricted.adapter.rest.security.Callers;
import uk.smartmeter.restricted.application.port.in.GateQuestion;
import uk.smartmeter.restricted.application.port.in.FindGateReceipts;
import uk.smartmeter.restricted.application.port.in.GateDecisions;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.gate.GateVerdict;

/** The Restricted gate over HTTP: single decisions, streamed batches, DUIS XML, and receipts. */
@RestController
@RequestMapping(path = "/api/v1/gate", produces = {MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_PROBLEM_JSON_VALUE})
@Tag(name = "Restricted gate", description = "May this Service Request or alert go to the device? Consumption SRVs"
        + " and consumption alerts for a Restricted meter (or its GPF) are denied with R1; 1.6 to prepayment on a"
        + " Restricted meter with R2; when this node's index is behind the store, consumption is denied with R3."
        + " Everything else is allowed. Every denial is recorded with a receipt before it is answered.")
@SecurityRequirement(name = "bearer")
public class GateController {

    public static final String DECISIONS_PATH = "/api/v1/gate/decisions";
    public static final String BATCH_PATH = "/api/v1/gate/decisions/batch";
    public static final String DUIS_PATH = "/api/v1/gate/duis";
    private static final String NDJSON = "application/x-ndjson";
    private static final int BATCH_CHUNK = 1024;
    private static final int MAX_LINE = 4096;

    private final Callers callers;
    private final GateDecisions gate;
    private final FindGateReceipts receipts;
    private final ObjectMapper json;
    private final int duisMaxBytes;
    private final long dccEui;

    private final SpoolDirectory spools;
    private final long batchMaxBytes;

    public GateController(Callers callers, GateDecisions gate, FindGateReceipts receipts, ObjectMapper json,
                          int duisMaxBytes, String dccEui, SpoolDirectory spools, long batchMaxBytes) {
        this.spools = spools;
        this.batchMaxBytes = batchMaxBytes;
        this.callers = callers;
        this.gate = gate;
        this.receipts = receipts;
        this.json = json;
        this.duisMaxBytes = duisMaxBytes;
        this.dccEui = DeviceId.parseEui64(dccEui);
    }

    @Operation(summary = "Decide one Service Request or alert")
    @PostMapping(path = "/decisions", consumes = MediaType.APPLICATION_JSON_VALUE)
    public DecisionResponse decide(@org.springframework.web.bind.annotation.RequestBody DecisionRequest body) {
        Actor asker = callers.actor(EndpointRoles.Gate.DECIDE, "GateDecision", null);
        GateQuestions questions = questions(asker);
        GateQuestion question = questions.from(body == null ? null : body.asked());
        return DecisionResponse.of(body.requestId(), gate.decide(question), questions.catalogueVersion());
    }

    @Operation(summary = "Decide a batch",
            description = "NDJSON in, one DecisionRequest per line, up to restricted.api.uploads.batch-max-bytes (256 MiB"
                    + " by default; more is answered 413 and nothing is decided). The body is spooled whole before the"
                    + " first line is decided, so a client may send all of it before reading. NDJSON out: one BatchLine"
                    + " per input line, empty and non-UTF-8 lines included, in order, written as each chunk of 1,024 is"
                    + " decided (its denials' receipts are recorded first). A line that breaks a rule is answered with"
                    + " its errors; the rest go on.")
    @RequestBody(content = @Content(mediaType = NDJSON, schema = @Schema(implementation = DecisionRequest.class)))
    @ApiResponse(responseCode = "200", content = @Content(mediaType = NDJSON,
            schema = @Schema(implementation = BatchLine.class)))
    @PostMapping(path = "/decisions/batch", consumes = NDJSON, produces = NDJSON)
    public void decideBatch(HttpServletRequest request, HttpServletResponse response) throws IOException {
        GateQuestions questions = questions(callers.actor(EndpointRoles.Gate.DECIDE, "GateDecisionBatch", null));
        // the whole body is spooled before the first line is decided: a client that sends all of it before
        // reading (Python's requests, the JDK's HttpClient) would otherwise stall once the socket buffers fill
        if (request.getContentLengthLong() > batchMaxBytes) {
            throw new PayloadTooLarge(batchMaxBytes);
        }
        try (SpoolDirectory.Spool spool = spools.create("gate-batch")) {
            try (OutputStream copy = spool.output(); java.io.InputStream body = request.getInputStream()) {
                byte[] buffer = new byte[1 << 16];
                long total = 0;
                for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                    total += n;
                    if (total > batchMaxBytes) {
                        throw new PayloadTooLarge(batchMaxBytes);
                    }
                    copy.write(buffer, 0, n);
                }
            }
            response.setContentType(NDJSON);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            BodyLines lines = new BodyLines(new java.io.BufferedInputStream(spool.input(), 1 << 16), MAX_LINE);
            OutputStream out = response.getOutputStream();
            List<Line> chunk = new ArrayList<>(BATCH_CHUNK);
            for (BodyLines.Line read = lines.next(); read != null; read = lines.next()) {
                chunk.add(read.kind() == BodyLines.Kind.TEXT ? parse(read.number(), read.text(), questions)
                        : Line.error(read.number(), "line", BodyLines.ruleOf(read, MAX_LINE, "a DecisionRequest")));
                if (chunk.size() == BATCH_CHUNK) {
                    answer(chunk, out, questions.catalogueVersion());
                    chunk.clear();
                }
            }
            answer(chunk, out, questions.catalogueVersion());
            out.flush();
        }
    }

    @Operation(summary = "Decide a DUIS request",
            description = "A DUIS Request document as a User sends it. The header's RequestID gives the target and its"
                    + " ServiceReferenceVariant the SRV; a request to the DCC's own EUI is decided for the device(s) its"
                    + " body names, and a 5.1 for its DSPScheduledServiceReferenceVariant. DOCTYPEs and entities are"
                    + " refused; the size is limited.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_XML_VALUE,
            schema = @Schema(type = "string", description = "a DUIS sr:Request document")))
    @PostMapping(path = "/duis", consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE})
    public DuisDecisionResponse decideDuis(
            @Parameter(description = "the sender's DUIS user role, kept on a denial's receipt", example = "IS")
            @RequestParam(name = "senderRole", required = false) String senderRole,
            HttpServletRequest request) throws IOException {
        Actor asker = callers.actor(EndpointRoles.Gate.DECIDE, "GateDuisDecision", null);
        UserRole role = senderRole == null ? null : InvalidRequest.parse("senderRole", senderRole, GateQuestions::role);
        DuisRequest duis = DuisRequest.read(request.getInputStream(), duisMaxBytes);
        GateQuestions questions = questions(asker);
        List<GateQuestion> asked = questions.from(duis, dccEui, role);
        List<GateVerdict> verdicts = gate.decideAll(asked);
        List<DeviceDecision> devices = new ArrayList<>(asked.size());
        for (int i = 0; i < asked.size(); i++) {
            GateVerdict verdict = verdicts.get(i);
            devices.add(new DeviceDecision(DeviceId.fromEui64(asked.get(i).device()).value(),
                    verdict.allowed() ? "ALLOW" : "DENY", verdict.responseCode()));
        }
        DecisionResponse answer = DecisionResponse.of(duis.requestId(), GateQuestions.overall(verdicts),
                questions.catalogueVersion());
        return new DuisDecisionResponse(duis.requestId(), duis.srv(), answer.decision(), answer.responseCode(),
                answer.reason(), devices, questions.catalogueVersion());
    }

    @Operation(summary = "Why was a request refused? What did the gate turn away for a meter?",
            description = "With requestId: every receipt recorded for that request, oldest first. With deviceId: the"
                    + " receipts of denials aimed at the device or resting on its flag (a GPF's rest on its gas meter),"
                    + " oldest first, after the receipt number given (limit at most 500). Each names the flag it rested"
                    + " on and the event that set it. DCC and REGULATOR only.")
    @GetMapping("/receipts")
    public List<ReceiptResponse> receipts(
            @Parameter(example = "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1000")
            @RequestParam(name = "requestId", required = false) String requestId,
            @Parameter(example = "00-DB-12-34-56-78-90-A1") @RequestParam(name = "deviceId", required = false)
            String deviceId,
            @RequestParam(name = "after", defaultValue = "-1") String afterText,
            @RequestParam(name = "limit", defaultValue = "100") String limitText) {
        callers.actor(EndpointRoles.Gate.READ_RECEIPTS, "FindGateReceipts", null);
        if ((requestId == null) == (deviceId == null)) {
            throw InvalidRequest.of(requestId == null ? "requestId" : "deviceId",
                    "exactly one of requestId and deviceId is required");
        }
        if (requestId != null) {
            return receipts.receiptsFor(requestId).stream().map(ReceiptResponse::of).toList();
        }
        long after = InvalidRequest.parse("after", afterText, Params::asciiLong);
        int limit = InvalidRequest.parse("limit", limitText, Params::asciiInt);
        if (limit < 1 || limit > 500) {
            throw InvalidRequest.of("limit", "from 1 to 500");
        }
        DeviceId device = InvalidRequest.parse("deviceId", deviceId, DeviceId::of);
        return receipts.receiptsForDevice(device, after, limit).stream().map(ReceiptResponse::of).toList();
    }

    /** The catalogue is the gate's, read per request so a slice's mocked gate can be set up after start. */
    private GateQuestions questions(Actor asker) {
        return new GateQuestions(gate.catalogue(), asker);
    }

    private Line parse(long number, String text, GateQuestions questions) {
        try {
            DecisionRequest body = json.readValue(text, DecisionRequest.class);
            return new Line(number, body == null ? null : body.requestId(),
                    questions.from(body == null ? null : body.asked()), null);
        } catch (InvalidRequest invalid) {
            return new Line(number, null, null, invalid.violations());
        } catch (JsonProcessingException unreadable) {
            return new Line(number, null, null, List.of(JsonFaults.violation(unreadable, "line", "a DecisionRequest")));
        }
    }

    private void answer(List<Line> chunk, OutputStream out, String catalogueVersion) throws IOException {
        List<GateQuestion> asked = new ArrayList<>(chunk.size());
        for (Line line : chunk) {
            if (line.question() != null) {
                asked.add(line.question());
            }
        }
        List<GateVerdict> verdicts = asked.isEmpty() ? List.of() : gate.decideAll(asked);
        int next = 0;
        for (Line line : chunk) {
            BatchLine answer;
            if (line.question() == null) {
                answer = new BatchLine(line.number(), null, null, null, null, line.errors(), null);
            } else {
                DecisionResponse decided = DecisionResponse.of(line.requestId(), verdicts.get(next++), catalogueVersion);
                answer = new BatchLine(line.number(), line.requestId(), decided.decision(), decided.responseCode(),
                        decided.reason(), null, catalogueVersion);
            }
            out.write(json.writeValueAsBytes(answer));
            out.write('\n');
        }
        out.flush();
    }

    private record Line(long number, String requestId, GateQuestion question, List<FieldViolation> errors) {
        static Line error(long number, String field, String rule) {
            return new Line(number, null, null, List.of(new FieldViolation(field, rule)));
        }
    }
}
