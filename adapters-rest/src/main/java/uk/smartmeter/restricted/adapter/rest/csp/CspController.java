package uk.smartmeter.restricted.adapter.rest.csp;

import uk.smartmeter.restricted.application.port.in.EndpointRoles;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.smartmeter.restricted.application.input.InvalidRequest;
import uk.smartmeter.restricted.adapter.rest.problem.Params;
import uk.smartmeter.restricted.adapter.rest.problem.Rejection;
import uk.smartmeter.restricted.adapter.rest.security.Callers;
import uk.smartmeter.restricted.application.port.in.CspFeedPage;
import uk.smartmeter.restricted.application.port.out.ExclusionList;
import uk.smartmeter.restricted.application.csp.ExclusionListCsv;
import uk.smartmeter.restricted.application.port.out.ReplayTicket;
import uk.smartmeter.restricted.application.port.in.ReadCspFeed;
import uk.smartmeter.restricted.application.port.in.ReadExclusionLists;
import uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase;
import uk.smartmeter.restricted.application.port.in.RequestCspReplay;
import uk.smartmeter.restricted.domain.csp.CspNoticeJson;
import uk.smartmeter.restricted.domain.csp.ExclusionEntry;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;
import uk.smartmeter.restricted.application.input.ApiProblem;

/**
 * The CSPs' side of the flag (MP169 BR5): each region's notice feed with a cursor, replays over the
 * broker, and the monthly exclusion lists. A CSP reads only the region its token names; the DCC and
 * regulators read every region.
 */
@RestController
@RequestMapping(path = "/api/v1/csp/{region}", produces = {MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_PROBLEM_JSON_VALUE})
@Tag(name = "CSP notifications", description = "What each Communications Service Provider is told when a meter's"
        + " flag changes, as a feed to poll (always available) or over AMQP, replays, and monthly exclusion lists.")
@SecurityRequirement(name = "bearer")
public class CspController {

    static final int MAX_LIMIT = 1000;

    private final Callers callers;
    private final ReadCspFeed feed;
    private final RequestCspReplay replays;
    private final ReadExclusionLists lists;
    private final RecordRefusalUseCase refusals;
    private final Clock clock;

    public CspController(Callers callers, ReadCspFeed feed, RequestCspReplay replays, ReadExclusionLists lists,
                         RecordRefusalUseCase refusals, Clock clock) {
        this.callers = callers;
        this.feed = feed;
        this.replays = replays;
        this.lists = lists;
        this.refusals = refusals;
        this.clock = clock;
    }

    @Schema(name = "CspNoticeV2", description = "A notice, schema restricted-mode/csp-notice/v2"
            + " (docs/csp-notice-v2.schema.json); byte for byte the body of the AMQP message.")
    public record NoticeDocumentation(String schema, String noticeId, long regionPosition, String deviceId,
                               long deviceSequence, String deviceType, String commsHubId, String gpfId,
                               String cspRegion, String change, boolean restricted, String reason, Instant effectiveAt,
                               Instant recordedAt) {
    }

    /** A notice as its one JSON form, written into the page as it is. */
    public record RawNotice(@JsonValue @JsonRawValue String json) {
    }

    public record NoticePage(
            String region,
            @ArraySchema(schema = @Schema(implementation = NoticeDocumentation.class)) List<RawNotice> notices,
            @Schema(description = "the region position to pass as after= for the next page; the same cursor again when"
                    + " nothing is new") long next) {
    }

    @Operation(summary = "A region's notices",
            description = "Every change of a meter's flag in the region, oldest first, after a region position"
                    + " (after=, 0 for the start; dense per region) or from the first notice recorded at or after a time"
                    + " (since=). Poll with the returned next. Reading from an earlier cursor is a replay: content and"
                    + " order never change. A client still holding a v1 cursor (a feed position across regions) asks"
                    + " once with afterFeedPosition= and goes on with the returned next; only 0 and positions of the"
                    + " region's own v1 notices are taken. CSP (own region), DCC and REGULATOR.")
    @GetMapping("/notices")
    public NoticePage notices(@Parameter(example = "north") @PathVariable String region,
                              @RequestParam(required = false) String after,
                              @Parameter(description = "a v1 cursor, once, to move to region positions")
                              @RequestParam(required = false) String afterFeedPosition,
                              @Parameter(example = "2026-11-01T00:00:00Z") @RequestParam(required = false) String since,
                              @RequestParam(defaultValue = "100") String limit) {
        CspRegion cspRegion = region(region);
        reader(EndpointRoles.Csp.READ, "ReadCspFeed", cspRegion);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        Long afterPosition = rules.checkOptional("after", after, CspController::position);
        Long v1Cursor = rules.checkOptional("afterFeedPosition", afterFeedPosition, CspController::position);
        Instant sinceTime = rules.checkOptional("since", since, Params::bound);
        Integer size = rules.check("limit", limit, CspController::limit);
        if ((afterPosition != null ? 1 : 0) + (v1Cursor != null ? 1 : 0) + (sinceTime != null ? 1 : 0) > 1) {
            rules.add(sinceTime != null ? "since" : "afterFeedPosition",
                    "give one of after, afterFeedPosition and since");
        }
        rules.throwIfAny();
        if (v1Cursor != null) {
            afterPosition = v1Position(cspRegion, v1Cursor);
        }
        CspFeedPage page = sinceTime != null ? feed.since(cspRegion, sinceTime, size)
                : feed.after(cspRegion, afterPosition == null ? 0 : afterPosition, size);
        return new NoticePage(cspRegion.name(), page.notices().stream().map(n -> new RawNotice(CspNoticeJson.write(n)))
                .toList(), page.next());
    }

    public record ReplayRequest(
            @Schema(description = "re-deliver the notices after this region position") Long afterPosition,
            @Schema(description = "or from the first notice recorded at or after this time (ISO-8601 UTC)",
                    example = "2026-11-01T00:00:00Z") String from,
            @Schema(description = "or after a v1 cursor (a feed position across regions), for a client that still"
                    + " holds one; only 0 and positions of the region's own v1 notices are taken", deprecated = true)
            Long afterFeedPosition) {
    }

    public record ReplayResponse(long replayId, String region, long afterPosition, long upToPosition,
                                 Instant requestedAt) {
        static ReplayResponse of(ReplayTicket.RegionReplay ticket) {
            return new ReplayResponse(ticket.replayId(), ticket.region().name(), ticket.afterPosition(),
                    ticket.upToPosition(), ticket.requestedAt());
        }
    }

    @Operation(summary = "Re-deliver a region's notices over AMQP",
            description = "Publishes the region's notices again, after a feed position or from a time, up to the last"
                    + " one the broker had confirmed when asked, with their original content and message IDs, in their"
                    + " original order, each marked with the header x-replay-id. 409 when no broker is configured:"
                    + " then read the feed from an earlier cursor instead. CSP (own region) and DCC.")
    @PostMapping(path = "/replays", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ReplayResponse> replay(@Parameter(example = "north") @PathVariable String region,
                                                 @RequestBody ReplayRequest request) {
        CspRegion cspRegion = region(region);
        Actor actor = reader(EndpointRoles.Csp.REPLAY, "ReplayCspNotices", cspRegion);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        if (request == null || (request.afterPosition() != null ? 1 : 0) + (request.from() != null ? 1 : 0)
                + (request.afterFeedPosition() != null ? 1 : 0) != 1) {
            throw InvalidRequest.of("afterPosition", "give exactly one of afterPosition, from and afterFeedPosition");
        }
        if (request.afterPosition() != null && request.afterPosition() < 0) {
            rules.add("afterPosition", "0 or more");
        }
        if (request.afterFeedPosition() != null && request.afterFeedPosition() < 0) {
            rules.add("afterFeedPosition", "0 or more");
        }
        Instant from = rules.checkOptional("from", request.from(), CspController::instant);
        rules.throwIfAny();
        long after = request.afterPosition() != null ? request.afterPosition()
                : request.afterFeedPosition() != null ? v1Position(cspRegion, request.afterFeedPosition()) : 0;
        var ticket = from != null ? replays.fromTime(actor, cspRegion, from)
                : replays.fromPosition(actor, cspRegion, after);
        return ticket.map(t -> ResponseEntity.accepted().body(ReplayResponse.of(t))).orElseThrow(() -> {
            String detail = "no broker is configured: read the feed from an earlier cursor instead";
            refusals.recordRefusal(null, actor, "ReplayCspNotices", ServiceRefusal.CSP_PUSH_NOT_CONFIGURED, detail);
            return new Rejection(ServiceRefusal.CSP_PUSH_NOT_CONFIGURED, detail);
        });
    }

    /** A v1 cursor's region position; one the region was never given is a field error, and tells nothing. */
    private long v1Position(CspRegion region, long feedPosition) {
        return feed.regionPositionOfV1Cursor(region, feedPosition).orElseThrow(() -> InvalidRequest.of(
                "afterFeedPosition", "not a v1 feed position of one of this region's notices (or 0)"));
    }

    public record PublishedMonths(String region, List<String> published) {
    }

    @Operation(summary = "The months whose exclusion lists are published", description = "Newest first. CSP (own"
            + " region), DCC and REGULATOR.")
    @GetMapping("/exclusion-lists")
    public PublishedMonths publishedMonths(@Parameter(example = "north") @PathVariable String region) {
        CspRegion cspRegion = region(region);
        reader(EndpointRoles.Csp.READ, "ReadExclusionLists", cspRegion);
        return new PublishedMonths(cspRegion.name(), lists.published(cspRegion).stream().map(YearMonth::toString)
                .toList());
    }

    public record Span(Instant from, Instant to) {
    }

    public record Excluded(String deviceId, String deviceType, String commsHubId, long restrictedSeconds,
                           List<Span> intervals) {
        static Excluded of(ExclusionEntry entry) {
            return new Excluded(entry.deviceId().value(), entry.deviceType().name(), entry.commsHubId().value(),
                    entry.restrictedSeconds(), entry.intervals().stream().map(i -> new Span(i.from(), i.to())).toList());
        }
    }

    public record ExclusionListResponse(String schema, String region, String month,
                                        @Schema(description = "what the DCC knew by then") Instant asKnownAt,
                                        @Schema(description = "absent until the list is published at month end")
                                        Instant publishedAt,
                                        int devices, long restrictedSeconds,
                                        @Schema(description = "SHA-256 of the list's CSV form") String sha256,
                                        List<Excluded> entries,
                                        @Schema(description = "the history checkpoint issued when the list was"
                                                + " published, which it cites (absent before publication)")
                                        uk.smartmeter.restricted.application.port.out.IssuedCheckpoint
                                                historyCheckpoint) {
    }

    @Operation(summary = "A region's exclusion list for a month",
            description = "Each meter Restricted at some moment of the month, with its exact restricted intervals"
                    + " (half-open, UTC, clipped to the month). Without asKnownAt: the list as published at month end,"
                    + " or, before then, as known now; with asKnownAt: as the DCC knew it then. format=csv (or Accept:"
                    + " text/csv) gives RFC 4180 CSV, one row per interval, whose SHA-256 is the JSON's sha256. CSP"
                    + " (own region), DCC and REGULATOR.")
    @GetMapping(path = "/exclusion-lists/{month}", produces = {MediaType.APPLICATION_JSON_VALUE, "text/csv",
            MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ExclusionListResponse exclusionList(@Parameter(example = "north") @PathVariable String region,
                                               @Parameter(example = "2026-10") @PathVariable String month,
                                               @RequestParam(required = false) String asKnownAt,
                                               @RequestParam(required = false) String format,
                                               @Parameter(hidden = true)
                                               @RequestHeader(name = "Accept", required = false) String accept,
                                               HttpServletResponse response) throws IOException {
        CspRegion cspRegion = region(region);
        reader(EndpointRoles.Csp.READ, "ReadExclusionList", cspRegion);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        YearMonth listMonth = rules.check("month", month, this::month);
        Instant knownAt = rules.checkOptional("asKnownAt", asKnownAt, Params::atOrBefore);
        if (format != null && !format.equals("csv") && !format.equals("json")) {
            rules.add("format", "json or csv");
        }
        rules.throwIfAny();
        ExclusionList list = lists.list(cspRegion, listMonth, knownAt);
        boolean csv = "csv".equals(format) || (format == null && accept != null && accept.contains("text/csv")
                && !accept.contains(MediaType.APPLICATION_JSON_VALUE));
        if (csv) {
            response.setContentType("text/csv;charset=UTF-8");
            response.setHeader("Content-Disposition", "attachment; filename=\"exclusion-list-"
                    + cspRegion.name().toLowerCase(Locale.ROOT) + "-" + listMonth + ".csv\"");
            Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8),
                    64 * 1024);
            ExclusionListCsv.write(list, out);
            out.flush();
            return null;
        }
        return new ExclusionListResponse(ExclusionList.SCHEMA, cspRegion.name(), listMonth.toString(),
                list.asKnownAt(), list.publishedAt(), list.entries().size(), list.restrictedSeconds(),
                ExclusionListCsv.sha256(list), list.entries().stream().map(Excluded::of).toList(), list.checkpoint());
    }

    /** The caller in an accepted role; a CSP only for its own region (else refused, and recorded). */
    private Actor reader(Set<UserRole> accepted, String request, CspRegion region) {
        Actor actor = callers.actor(accepted, request, null);
        if (actor.role() == UserRole.CSP) {
            CspRegion own = Callers.cspRegion().orElse(null);
            if (own != region) {
                String detail = "a CSP for " + own + " may not read or replay " + region;
                refusals.recordRefusal(null, actor, request, ApiProblem.NOT_YOUR_CSP_REGION, detail);
                throw new Rejection(ApiProblem.NOT_YOUR_CSP_REGION, "your token is for another CSP region");
            }
        }
        return actor;
    }

    private static CspRegion region(String raw) {
        return InvalidRequest.parse("region", raw, value -> {
            for (CspRegion region : CspRegion.values()) {
                if (region.name().equalsIgnoreCase(value)) {
                    return region;
                }
            }
            throw new IllegalArgumentException("one of north, central, south");
        });
    }

    private static long position(String raw) {
        try {
            long value = Params.asciiLong(raw);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new IllegalArgumentException("a feed position: a whole number, 0 or more");
    }

    private static int limit(String raw) {
        try {
            int value = Params.asciiInt(raw);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new IllegalArgumentException("a whole number from 1 to " + MAX_LIMIT);
    }

    private static Instant instant(String raw) {
        return Params.instant(raw);
    }

    private YearMonth month(String raw) {
        YearMonth value = Params.month(raw);
        if (value.isAfter(YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)))) {
            throw new IllegalArgumentException("a month that has begun");
        }
        return value;
    }
}
