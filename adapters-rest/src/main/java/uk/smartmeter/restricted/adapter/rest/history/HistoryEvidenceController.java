package uk.smartmeter.restricted.adapter.rest.history;

import uk.smartmeter.restricted.application.port.in.EndpointRoles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
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
import uk.smartmeter.restricted.adapter.rest.problem.Rejection;
import uk.smartmeter.restricted.adapter.rest.security.Callers;
import uk.smartmeter.restricted.application.port.out.HistoryRebuild;
import uk.smartmeter.restricted.application.port.out.IssuedCheckpoint;
import uk.smartmeter.restricted.application.port.in.Verification;
import uk.smartmeter.restricted.application.port.in.ReadCheckpoints;
import uk.smartmeter.restricted.application.port.in.RebuildHistory;
import uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase;
import uk.smartmeter.restricted.application.port.in.VerifyHistory;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;

/** The history's evidence: signed checkpoints and their key, the verification, and rebuilds. */
@RestController
@RequestMapping(path = "/api/v1/history", produces = {MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_PROBLEM_JSON_VALUE})
@Tag(name = "History evidence", description = "Signed checkpoints of the history's Merkle tree (C2SP tlog-checkpoint"
        + " in a C2SP signed note, Ed25519), the verification that names what changed, and rebuilds that are swapped"
        + " in only when they agree with every signed checkpoint. See docs/history-integration.md.")
@SecurityRequirement(name = "bearer")
public class HistoryEvidenceController {

    private static final String REBUILD_ID = "[A-Za-z0-9._-]{1,64}";
    private static final int MAX_REASON = 1000;

    private final Callers callers;
    private final ReadCheckpoints checkpoints;
    private final VerifyHistory verification;
    private final RebuildHistory rebuilds;
    private final RecordRefusalUseCase refusals;

    public HistoryEvidenceController(Callers callers, ReadCheckpoints checkpoints, VerifyHistory verification,
                                     RebuildHistory rebuilds, RecordRefusalUseCase refusals) {
        this.callers = callers;
        this.checkpoints = checkpoints;
        this.verification = verification;
        this.rebuilds = rebuilds;
        this.refusals = refusals;
    }

    /** The key that verifies the checkpoints. */
    public record CheckpointKey(String origin, String verifierKey, String algorithm, String format) {
    }

    @Operation(summary = "The checkpoints' verifier key",
            description = "The Ed25519 public key that signs the history's checkpoints, as a C2SP signed-note verifier"
                    + " key (<origin>+<key ID hex>+<base64(0x01 ‖ 32-byte public key)>). It is also printed at"
                    + " start-up; compare the two and keep your own copy. Any authenticated party.")
    @GetMapping("/checkpoints/key")
    public CheckpointKey key() {
        callers.actor(EndpointRoles.History.READ_KEY, "ReadCheckpointKey", null);
        return new CheckpointKey(checkpoints.origin(), checkpoints.verifierKey(), "Ed25519",
                "C2SP signed-note verifier key; checkpoints in C2SP tlog-checkpoint");
    }

    @Operation(summary = "The latest signed checkpoint",
            description = "The tree size and root it commits to, and the signed note itself (`note`): keep the note;"
                    + " any later checkpoint must be consistent with it (GET /proofs/consistency). REGULATOR and DCC.")
    @GetMapping("/checkpoints/latest")
    public IssuedCheckpoint latest() {
        Actor actor = callers.actor(EndpointRoles.History.READ_EVIDENCE, "ReadCheckpoint", null);
        return checkpoints.latest().orElseThrow(() -> notFound(actor, "no checkpoint has been issued yet"));
    }

    @Operation(summary = "The signed checkpoint of a tree size", description = "REGULATOR and DCC.")
    @GetMapping("/checkpoints/{treeSize}")
    public IssuedCheckpoint ofSize(@PathVariable String treeSize) {
        Actor actor = callers.actor(EndpointRoles.History.READ_EVIDENCE, "ReadCheckpoint", null);
        long size = InvalidRequest.parse("treeSize", treeSize, raw -> HistoryController.bounded(raw, 0,
                Long.MAX_VALUE, "a tree size, 0 or more"));
        return checkpoints.ofSize(size).orElseThrow(() -> notFound(actor, "no checkpoint of tree size " + size));
    }

    @Operation(summary = "The signed checkpoints", description = "Smallest first, after a tree size (exclusive),"
            + " at most limit (1 to 1,000; default 100). REGULATOR and DCC.")
    @GetMapping("/checkpoints")
    public List<IssuedCheckpoint> list(@RequestParam(required = false) String after,
                                       @RequestParam(required = false) String limit) {
        callers.actor(EndpointRoles.History.READ_EVIDENCE, "ReadCheckpoint", null);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        Long from = rules.checkOptional("after", after, raw -> HistoryController.bounded(raw, -1, Long.MAX_VALUE,
                "a tree size, -1 or more"));
        Long rows = rules.checkOptional("limit", limit, raw -> HistoryController.bounded(raw, 1, 1000,
                "from 1 to 1000"));
        rules.throwIfAny();
        return checkpoints.after(from == null ? -1 : from, rows == null ? 100 : rows.intValue());
    }

    @Operation(summary = "Issue a checkpoint now", description = "Signs the tree as it stands (the checkpoint already"
            + " issued at its size, if any). Checkpoints are also issued on restricted.history.checkpoint-interval"
            + " when the tree has grown, and for every published report and exclusion list. DCC only.")
    @PostMapping(path = "/checkpoints", consumes = MediaType.ALL_VALUE)
    public IssuedCheckpoint issue() {
        Actor actor = callers.actor(EndpointRoles.History.OPERATE, "IssueCheckpoint", null);
        return checkpoints.tryIssue("requested by " + actor.party().value()).orElseThrow(() -> {
            String detail = "the history holds entries written before its Merkle tree existed; rebuild it once"
                    + " (POST /api/v1/history/rebuild) before checkpoints can be issued";
            refusals.recordRefusal(null, actor, "IssueCheckpoint", ServiceRefusal.HISTORY_NOT_YET_A_TREE, detail);
            return new Rejection(ServiceRefusal.HISTORY_NOT_YET_A_TREE, detail);
        });
    }

    @Operation(summary = "Verify the history",
            description = "Checks every checkpoint's signature (database and archive), recomputes the tree from the"
                    + " entries, and reconciles the history with the event store entry by entry up to the history's"
                    + " position. Each finding names what happened: CHANGED, MISSING, EXTRA, EVENT_CHANGED, TRUNCATED,"
                    + " REWRITTEN, REBUILT_FROM_EDITED_EVENTS, CHECKPOINT_DELETED and more (see the schema)."
                    + " Reads the whole history and event store. REGULATOR and DCC only.")
    @GetMapping("/verification")
    public Verification verify() {
        callers.actor(EndpointRoles.History.READ_EVIDENCE, "VerifyHistory", null);
        return verification.verify();
    }

    /** Why a rebuild is asked for, and its identifier. */
    public record RebuildRequest(@Parameter(description = "your identifier for this rebuild; [A-Za-z0-9._-]{1,64}")
                                 String rebuildId,
                                 @Parameter(description = "why, in words (recorded in the history)") String reason) {
    }

    @Operation(summary = "Rebuild the history from the event store",
            description = "A recorded DCC action: the request (who, when, why) and its outcome are entries of the"
                    + " history. The history is built beside the live tables and swapped in only if its tree agrees"
                    + " with every signed checkpoint; otherwise it is REFUSED naming the first checkpoint it"
                    + " contradicts, and the live history is untouched. Readers see the old tables until the swap."
                    + " Runs on any node. 202 with the rebuild; follow Location. The same rebuildId again answers"
                    + " that rebuild. 409 HISTORY_REBUILD_RUNNING while another runs. DCC only.")
    @PostMapping(path = "/rebuild", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<HistoryRebuild> rebuild(@RequestBody(required = false) RebuildRequest request) {
        Actor actor = callers.actor(EndpointRoles.History.OPERATE, "RebuildHistory", null);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        String id = rules.check("rebuildId", request == null ? null : request.rebuildId(), raw -> {
            if (!raw.matches(REBUILD_ID)) {
                throw new IllegalArgumentException("1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-'");
            }
            return raw;
        });
        String reason = rules.check("reason", request == null ? null : request.reason(), raw -> {
            if (raw.isBlank() || raw.length() > MAX_REASON || raw.codePoints().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("why, in 1 to " + MAX_REASON + " characters without control"
                        + " characters");
            }
            return raw;
        });
        rules.throwIfAny();
        try {
            HistoryRebuild rebuild = rebuilds.start(actor, id, reason);
            return ResponseEntity.accepted().location(URI.create("/api/v1/history/rebuilds/" + rebuild.rebuildId()))
                    .body(rebuild);
        } catch (IllegalArgumentException reused) {
            throw InvalidRequest.of("rebuildId", reused.getMessage().substring(reused.getMessage().indexOf(": ") + 2));
        } catch (RebuildHistory.RebuildRunning running) {
            String detail = running.getMessage() + "; one rebuild runs at a time";
            refusals.recordRefusal(null, actor, "RebuildHistory", ServiceRefusal.HISTORY_REBUILD_RUNNING, detail);
            throw new Rejection(ServiceRefusal.HISTORY_REBUILD_RUNNING, detail);
        }
    }

    @Operation(summary = "A rebuild", description = "RUNNING, SWAPPED_IN, REFUSED (with the checkpoint it"
            + " contradicts) or FAILED. REGULATOR and DCC.")
    @GetMapping("/rebuilds/{rebuildId}")
    public HistoryRebuild rebuildOf(@PathVariable String rebuildId) {
        Actor actor = callers.actor(EndpointRoles.History.READ_EVIDENCE, "ReadRebuild", null);
        if (!rebuildId.matches(REBUILD_ID)) {
            throw InvalidRequest.of("rebuildId", "1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-'");
        }
        return rebuilds.find(rebuildId).orElseThrow(() -> {
            String detail = "no rebuild " + rebuildId;
            refusals.recordRefusal(null, actor, "ReadRebuild", ServiceRefusal.HISTORY_REBUILD_NOT_FOUND, detail);
            return new Rejection(ServiceRefusal.HISTORY_REBUILD_NOT_FOUND, detail);
        });
    }

    @Operation(summary = "The latest rebuilds", description = "Newest first, at most 50. REGULATOR and DCC.")
    @GetMapping("/rebuilds")
    public List<HistoryRebuild> recentRebuilds() {
        callers.actor(EndpointRoles.History.READ_EVIDENCE, "ReadRebuild", null);
        return rebuilds.recent(50);
    }

    private Rejection notFound(Actor actor, String detail) {
        refusals.recordRefusal(null, actor, "ReadCheckpoint", ServiceRefusal.HISTORY_CHECKPOINT_NOT_FOUND, detail);
        return new Rejection(ServiceRefusal.HISTORY_CHECKPOINT_NOT_FOUND, detail);
    }
}
