package uk.smartmeter.restricted.adapter.rest.history;

import uk.smartmeter.restricted.application.port.in.EndpointRoles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.smartmeter.restricted.application.input.InvalidRequest;
import uk.smartmeter.restricted.adapter.rest.problem.Params;
import uk.smartmeter.restricted.adapter.rest.problem.Rejection;
import uk.smartmeter.restricted.adapter.rest.security.Callers;
import uk.smartmeter.restricted.application.port.in.AsOfAnswer;
import uk.smartmeter.restricted.application.port.out.HistoryEntry;
import uk.smartmeter.restricted.application.port.in.SummaryRow;
import uk.smartmeter.restricted.application.port.in.TreeProofs;
import uk.smartmeter.restricted.application.port.in.ReadHistory;
import uk.smartmeter.restricted.application.port.out.HistoryStore;
import uk.smartmeter.restricted.domain.history.HashChain;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.RefusalCode;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;

/** The regulator's history: per device, as of two times, and the hash chains' verification. */
@RestController
@RequestMapping(path = "/api/v1/history", produces = {MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_PROBLEM_JSON_VALUE})
@Tag(name = "History", description = "Everything that happened to a meter's flag and facts, and every refusal, on two"
        + " timelines (effective and recorded), hash-chained per device and globally.")
@SecurityRequirement(name = "bearer")
public class HistoryController {

    private static final int MAX_LIMIT = 500;
    private static final long MAX_EXPORT_ROWS = 1_000_000;
    private static final Set<String> KINDS = Set.of("DeviceEnrolled", "MeterStatusChanged", "CommsHubStatusChanged",
            "PaymentModeChanged", "SupplierChanged", "TenancyChanged", "SiteCharacteristicsChanged",
            "RestrictionApplied", "RestrictionCleared", "RestrictionEnded", "RequestRefused", "GateDenied");

    private final Callers callers;
    private final ReadHistory history;
    private final Clock clock;
    private final uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase refusals;

    private final uk.smartmeter.restricted.application.port.in.ReadCheckpoints checkpoints;

    public HistoryController(Callers callers, ReadHistory history, Clock clock,
                             uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase refusals,
                             uk.smartmeter.restricted.application.port.in.ReadCheckpoints checkpoints) {
        this.callers = callers;
        this.history = history;
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.refusals = refusals;
    }

    public record HistoryPageResponse(List<HistoryEntry> entries,
                                      @Schema(description = "pass as after= for the next page; absent on the last")
                                      Long next) {
    }

    @Operation(summary = "A meter's history",
            description = "Oldest first, paginated by a stable cursor (the entry's global index). REGULATOR and DCC see"
                    + " everything; a Supplier sees only the entries after which it was the responsible Supplier, from"
                    + " the latest Change of Tenancy on; anything else is answered 404 as an unknown meter.")
    @GetMapping("/devices/{deviceId}")
    public HistoryPageResponse deviceHistory(
            @Parameter(example = "00-DB-12-34-56-78-90-A0") @PathVariable String deviceId,
            @Parameter(description = "cursor: entries after this global index") @RequestParam(defaultValue = "-1")
            String after,
            @RequestParam(defaultValue = "100") String limit,
            @Parameter(description = "event kinds, comma-separated, e.g. RestrictionApplied,RestrictionCleared")
            @RequestParam(required = false) String kind,
            @Parameter(description = "recorded at or after (ISO-8601 UTC)") @RequestParam(required = false) String from,
            @Parameter(description = "recorded before (ISO-8601 UTC)") @RequestParam(required = false) String to) {
        DeviceId id = InvalidRequest.parse("deviceId", deviceId, DeviceId::of);
        Actor viewer = callers.actor(EndpointRoles.History.READ_A_METER, "ReadDeviceHistory", id);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        Long cursor = rules.check("after", after, raw -> bounded(raw, -1, Long.MAX_VALUE, "a global index, -1 or more"));
        Long pageSize = rules.check("limit", limit, raw -> bounded(raw, 1, MAX_LIMIT, "from 1 to " + MAX_LIMIT));
        Set<String> kinds = kinds(kind, rules);
        Instant fromTime = rules.checkOptional("from", from, HistoryController::instant);
        Instant toTime = rules.checkOptional("to", to, HistoryController::instant);
        rules.throwIfAny();
        return history.deviceHistory(viewer, id, cursor, pageSize.intValue(), kinds, fromTime, toTime)
                .map(page -> new HistoryPageResponse(page.entries(), page.nextCursor()))
                .orElseThrow(() -> new Rejection(RefusalCode.DEVICE_NOT_ENROLLED, "not found"));
    }

    @Operation(summary = "A meter as of two times",
            description = "Its flag and eligibility at effective time T (effective=), as the DCC had recorded it by T′"
                    + " (recorded=, default now). A fact recorded after T′ does not change the answer, even if it was"
                    + " back-dated before T. Names the event the answer rests on. REGULATOR and DCC only.")
    @GetMapping("/devices/{deviceId}/as-of")
    public AsOfAnswer asOf(@Parameter(example = "00-DB-12-34-56-78-90-A0") @PathVariable String deviceId,
                           @Parameter(example = "2026-03-03T12:00:00Z") @RequestParam("effective") String effective,
                           @Parameter(example = "2026-03-04T00:00:00Z") @RequestParam(name = "recorded",
                                   required = false) String recorded) {
        DeviceId id = InvalidRequest.parse("deviceId", deviceId, DeviceId::of);
        Actor viewer = callers.actor(EndpointRoles.History.READ_EVIDENCE, "ReadDeviceAsOf", id);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        Instant effectiveAt = rules.check("effective", effective, Params::atOrBefore);
        Instant recordedBy = rules.checkOptional("recorded", recorded, Params::atOrBefore);
        rules.throwIfAny();
        return history.asOf(viewer, id, effectiveAt, recordedBy == null ? clock.instant() : recordedBy)
                .orElseThrow(() -> new Rejection(RefusalCode.DEVICE_NOT_ENROLLED, "not found"));
    }

    @Operation(summary = "The history's Merkle tree head",
            description = "Every entry is a leaf of an RFC 9162 Merkle tree, in the history's order: leaf hash"
                    + " SHA-256(0x00 ‖ the entry's content record, as the hash chains cover it), node hash"
                    + " SHA-256(0x01 ‖ left ‖ right). The size and root of the tree now. REGULATOR and DCC only.")
    @GetMapping("/tree")
    public TreeProofs.Head tree() {
        callers.actor(EndpointRoles.History.READ_EVIDENCE, "ReadHistoryTree", null);
        return history.treeHead();
    }

    @Operation(summary = "An inclusion proof",
            description = "The audit path (RFC 9162 §2.1.3) of the entry of an event in the tree of treeSize leaves"
                    + " (default: the tree now), with that tree's root: verify it with §2.1.3.2. REGULATOR and DCC.")
    @GetMapping("/proofs/inclusion")
    public TreeProofs.Inclusion inclusion(@RequestParam(required = false) String eventId,
                                          @RequestParam(required = false) String treeSize) {
        Actor actor = callers.actor(EndpointRoles.History.READ_EVIDENCE, "ReadInclusionProof", null);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        String event = rules.check("eventId", eventId, raw -> {
            if (raw.isBlank() || raw.length() > 255) {
                throw new IllegalArgumentException("an event identifier, as the history shows it");
            }
            return raw;
        });
        Long size = rules.checkOptional("treeSize", treeSize, raw -> bounded(raw, 1, Long.MAX_VALUE,
                "a tree size, 1 or more"));
        rules.throwIfAny();
        try {
            return history.inclusion(event, size).orElseThrow(() -> {
                String detail = "no entry of the history's tree holds event " + event;
                refusals.recordRefusal(null, actor, "ReadInclusionProof", ServiceRefusal.HISTORY_ENTRY_NOT_FOUND, detail);
                return new Rejection(ServiceRefusal.HISTORY_ENTRY_NOT_FOUND, detail);
            });
        } catch (IllegalArgumentException outOfRange) {
            throw treeRule(outOfRange);
        }
    }

    @Operation(summary = "A consistency proof",
            description = "The proof (RFC 9162 §2.1.4) that the tree of second leaves only appended to the tree of"
                    + " first leaves, with both roots: verify it with §2.1.4.2. REGULATOR and DCC.")
    @GetMapping("/proofs/consistency")
    public TreeProofs.Consistency consistency(@RequestParam(required = false) String first,
                                              @RequestParam(required = false) String second) {
        callers.actor(EndpointRoles.History.READ_EVIDENCE, "ReadConsistencyProof", null);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        Long from = rules.check("first", first, raw -> bounded(raw, 1, Long.MAX_VALUE, "a tree size, 1 or more"));
        Long to = rules.check("second", second, raw -> bounded(raw, 1, Long.MAX_VALUE, "a tree size, 1 or more"));
        rules.throwIfAny();
        try {
            return history.consistency(from, to);
        } catch (IllegalArgumentException outOfRange) {
            throw treeRule(outOfRange);
        }
    }

    /** "field: rule" from the service, as a field violation. */
    static InvalidRequest treeRule(IllegalArgumentException outOfRange) {
        String message = String.valueOf(outOfRange.getMessage());
        int cut = message.indexOf(": ");
        return cut < 0 ? InvalidRequest.of("treeSize", message)
                : InvalidRequest.of(message.substring(0, cut), message.substring(cut + 2));
    }

    @Operation(summary = "Export the history as CSV",
            description = "RFC 4180, UTF-8, a header row, CRLF line ends; streamed, so any size. Every row carries its"
                    + " device and global hashes (see the README for the algorithm): a full export verifies offline."
                    + " A cell that would begin with =, +, -, @, a tab, a CR or a single quote is written with a single"
                    + " quote in front (OWASP CSV injection); remove it before hashing."
                    + " Filters: recorded from/to, supplier (a party that acted or was responsible), reason, kind."
                    + " Paging: after= (a global index, exclusive) and limit= (1 to 1,000,000; absent: every row);"
                    + " the next page starts after the last row's global_index, and a page shorter than limit is the"
                    + " last. The response carries a signed checkpoint of the tree at the time of the export"
                    + " (History-Checkpoint: the C2SP signed note, base64; History-Checkpoint-Size): the first"
                    + " that many rows of a full export give its root (docs/history-integration.md; the jar's"
                    + " history-verify checks it offline). REGULATOR and DCC only.")
    @GetMapping(path = "/export", produces = {"text/csv", MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public void export(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                       @RequestParam(required = false) String supplier, @RequestParam(required = false) String reason,
                       @RequestParam(required = false) String kind, @RequestParam(required = false) String region,
                       @RequestParam(required = false) String deviceType,
                       @Parameter(description = "cursor: rows after this global index")
                       @RequestParam(required = false) String after,
                       @Parameter(description = "at most this many rows (1 to 1,000,000); absent: all")
                       @RequestParam(required = false) String limit, HttpServletResponse response)
            throws IOException {
        callers.actor(EndpointRoles.History.READ_EVIDENCE, "ExportHistory", null);
        HistoryStore.ExportFilter unpaged = filter(from, to, supplier, reason, kind, region, deviceType);
        InvalidRequest.Builder paging = InvalidRequest.builder();
        Long afterIndex = paging.checkOptional("after", after, raw -> bounded(raw, -1, Long.MAX_VALUE,
                "a global index, -1 or more"));
        Long rows = paging.checkOptional("limit", limit, raw -> bounded(raw, 1, MAX_EXPORT_ROWS,
                "from 1 to " + MAX_EXPORT_ROWS));
        paging.throwIfAny();
        HistoryStore.ExportFilter filter = new HistoryStore.ExportFilter(unpaged.from(), unpaged.to(),
                unpaged.supplier(), unpaged.reason(), unpaged.kinds(), unpaged.cspRegion(), unpaged.deviceType(),
                afterIndex == null ? -1 : afterIndex, rows == null ? 0 : rows.intValue());
        // a checkpoint of the tree as it stands, signed, travels with the export: keep it with the file
        java.util.Optional<uk.smartmeter.restricted.application.port.out.IssuedCheckpoint> checkpoint = checkpoints
                .tryIssue("export");
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"restricted-mode-history.csv\"");
        checkpoint.ifPresent(cited -> {
            response.setHeader("History-Checkpoint-Size", Long.toString(cited.treeSize()));
            response.setHeader("History-Checkpoint", java.util.Base64.getEncoder().encodeToString(
                    cited.note().getBytes(StandardCharsets.UTF_8)));
        });
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8),
                64 * 1024);
        out.write(HashChain.csvRecord(HistoryEntry.COLUMNS));
        out.write("\r\n");
        history.export(filter, entry -> {
            List<String> row = new ArrayList<>(entry.content().size() + 2);
            entry.content().forEach(cell -> row.add(HashChain.exportCell(cell)));
            row.add(entry.deviceHash());
            row.add(entry.globalHash());
            try {
                out.write(HashChain.csvRecord(row));
                out.write("\r\n");
            } catch (IOException failed) {
                throw new UncheckedIOException(failed);
            }
        });
        out.flush();
    }

    @Operation(summary = "Counts per month and per Supplier",
            description = "How many applications, clears, automatic ends and refusals (or the kinds asked for) each"
                    + " party made per calendar month (UTC, by recorded time), and why. Same filters as the export."
                    + " REGULATOR and DCC only.")
    @GetMapping("/summary")
    public List<SummaryRow> summary(@RequestParam(required = false) String from,
                                    @RequestParam(required = false) String to,
                                    @RequestParam(required = false) String supplier,
                                    @RequestParam(required = false) String reason,
                                    @RequestParam(required = false) String kind,
                                    @RequestParam(required = false) String region,
                                    @RequestParam(required = false) String deviceType) {
        callers.actor(EndpointRoles.History.READ_EVIDENCE, "SummariseHistory", null);
        return history.summary(filter(from, to, supplier, reason, kind, region, deviceType));
    }

    private static HistoryStore.ExportFilter filter(String from, String to, String supplier, String reason,
                                                    String kind, String region, String deviceType) {
        InvalidRequest.Builder rules = InvalidRequest.builder();
        Instant fromTime = rules.checkOptional("from", from, HistoryController::instant);
        Instant toTime = rules.checkOptional("to", to, HistoryController::instant);
        Set<String> kinds = kinds(kind, rules);
        if (region != null && !Set.of("NORTH", "CENTRAL", "SOUTH").contains(region)) {
            rules.add("region", "one of NORTH, CENTRAL, SOUTH");
        }
        if (deviceType != null && !Set.of("ESME", "GSME").contains(deviceType)) {
            rules.add("deviceType", "one of ESME, GSME");
        }
        rules.throwIfAny();
        return new HistoryStore.ExportFilter(fromTime, toTime, supplier, reason, kinds, region, deviceType);
    }

    private static Set<String> kinds(String kind, InvalidRequest.Builder rules) {
        Set<String> kinds = new LinkedHashSet<>();
        if (kind != null) {
            for (String one : kind.split(",")) {
                if (!KINDS.contains(one.trim())) {
                    rules.add("kind", "each one of " + KINDS);
                } else {
                    kinds.add(one.trim());
                }
            }
        }
        return kinds;
    }

    static long bounded(String raw, long min, long max, String rule) {
        try {
            long value = Params.asciiLong(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new IllegalArgumentException(rule);
    }

    /** from= (at or after) and to= (before), against times held to the microsecond. */
    private static Instant instant(String raw) {
        return Params.bound(raw);
    }
}
