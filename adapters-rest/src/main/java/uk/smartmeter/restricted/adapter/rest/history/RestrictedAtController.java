package uk.smartmeter.restricted.adapter.rest.history;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.smartmeter.restricted.application.input.InvalidRequest;
import uk.smartmeter.restricted.adapter.rest.problem.Params;
import uk.smartmeter.restricted.adapter.rest.security.Callers;
import uk.smartmeter.restricted.application.port.in.EndpointRoles;
import uk.smartmeter.restricted.application.port.in.ReadRestrictedAt;
import uk.smartmeter.restricted.application.port.out.RestrictedSpans;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.history.HashChain;

/** Which meters were Restricted at T as known at T′, across meters (issue 19). */
@RestController
@RequestMapping(path = "/api/v1/history/restricted", produces = {MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_PROBLEM_JSON_VALUE})
@Tag(name = "History")
@SecurityRequirement(name = "bearer")
public class RestrictedAtController {

    static final int MAX_LIMIT = 1_000;

    private final Callers callers;
    private final ReadRestrictedAt restricted;
    private final Clock clock;

    public RestrictedAtController(Callers callers, ReadRestrictedAt restricted, Clock clock) {
        this.callers = callers;
        this.restricted = restricted;
        this.clock = clock;
    }

    /** The question's times and filters, checked together. */
    private record Question(Instant effective, Instant recorded, RestrictedSpans.Filter filter) {
    }

    @Operation(summary = "Meters Restricted at T, as known at T′",
            description = "Every meter that was Restricted at effective time T (effective=), as the DCC had recorded"
                    + " it by T′ (recorded=, default now): a fact recorded after T′ does not change the answer, even"
                    + " if back-dated before T. In device order, paged by cursor= (the nextCursor of the page before;"
                    + " absent on the last), limit= from 1 to " + MAX_LIMIT + " (default 100); filtered by region="
                    + " (NORTH, CENTRAL, SOUTH), deviceType= (ESME, GSME) and supplier= (the responsible Supplier's"
                    + " party then). Each meter names its responsible Supplier at T and the spans, on both timelines,"
                    + " of what is known. complete=false: the projection behind this answer had not caught up with"
                    + " the store when asked. RestrictedCounts: /counts; the whole listing as CSV: /export. REGULATOR and DCC.")
    @GetMapping
    public ReadRestrictedAt.RestrictedPage page(
            @Parameter(example = "2026-03-03T12:00:00Z") @RequestParam(required = false) String effective,
            @Parameter(example = "2026-03-04T00:00:00Z") @RequestParam(required = false) String recorded,
            @RequestParam(required = false) String region, @RequestParam(required = false) String deviceType,
            @RequestParam(required = false) String supplier, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String limit) {
        callers.actor(EndpointRoles.History.READ_EVIDENCE, "ListRestrictedAt", null);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        Question question = question(effective, recorded, region, deviceType, supplier, rules);
        String after = rules.checkOptional("cursor", cursor, raw -> DeviceId.of(raw).value());
        Long size = rules.checkOptional("limit", limit, raw -> HistoryController.bounded(raw, 1, MAX_LIMIT,
                "from 1 to " + MAX_LIMIT));
        rules.throwIfAny();
        return restricted.page(question.effective(), question.recorded(), question.filter(), after,
                size == null ? 100 : size.intValue());
    }

    @Operation(summary = "How many meters were Restricted at T, as known at T′",
            description = "The listing's meters per region and device type, and in all; same question and filters."
                    + " REGULATOR and DCC.")
    @GetMapping("/counts")
    public ReadRestrictedAt.RestrictedCounts counts(@RequestParam(required = false) String effective,
                                          @RequestParam(required = false) String recorded,
                                          @RequestParam(required = false) String region,
                                          @RequestParam(required = false) String deviceType,
                                          @RequestParam(required = false) String supplier) {
        callers.actor(EndpointRoles.History.READ_EVIDENCE, "CountRestrictedAt", null);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        Question question = question(effective, recorded, region, deviceType, supplier, rules);
        rules.throwIfAny();
        return restricted.counts(question.effective(), question.recorded(), question.filter());
    }

    @Operation(summary = "Every meter Restricted at T, as known at T′, as CSV",
            description = "The whole listing, streamed in device order (RFC 4180, UTF-8, a header row, CRLF); same"
                    + " question and filters. REGULATOR and DCC.")
    @GetMapping(path = "/export", produces = {"text/csv", MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public void export(@RequestParam(required = false) String effective,
                       @RequestParam(required = false) String recorded,
                       @RequestParam(required = false) String region,
                       @RequestParam(required = false) String deviceType,
                       @RequestParam(required = false) String supplier, HttpServletResponse response)
            throws IOException {
        callers.actor(EndpointRoles.History.READ_EVIDENCE, "ExportRestrictedAt", null);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        Question question = question(effective, recorded, region, deviceType, supplier, rules);
        rules.throwIfAny();
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"restricted-at.csv\"");
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8),
                64 * 1024);
        out.write(HashChain.csvRecord(List.of("device_id", "device_type", "csp_region", "supplier", "restricted_from",
                "restricted_until", "known_from", "known_until")));
        out.write("\r\n");
        restricted.stream(question.effective(), question.recorded(), question.filter(), meter -> {
            List<String> row = new ArrayList<>(8);
            row.add(meter.deviceId());
            row.add(meter.deviceType());
            row.add(meter.cspRegion());
            row.add(HashChain.exportCell(meter.supplier()));
            row.add(String.valueOf(meter.restrictedFrom()));
            row.add(meter.restrictedUntil() == null ? "" : meter.restrictedUntil().toString());
            row.add(String.valueOf(meter.knownFrom()));
            row.add(meter.knownUntil() == null ? "" : meter.knownUntil().toString());
            try {
                out.write(HashChain.csvRecord(row));
                out.write("\r\n");
            } catch (IOException failed) {
                throw new UncheckedIOException(failed);
            }
        });
        out.flush();
    }

    private Question question(String effective, String recorded, String region, String deviceType, String supplier,
                              InvalidRequest.Builder rules) {
        Instant now = clock.instant();
        Instant effectiveAt = rules.checkOptional("effective", effective, Params::atOrBefore);
        Instant recordedBy = rules.checkOptional("recorded", recorded, Params::atOrBefore);
        CspRegion inRegion = rules.checkOptional("region", region, raw -> enumValue(CspRegion.class, raw,
                "one of NORTH, CENTRAL, SOUTH"));
        DeviceType ofType = rules.checkOptional("deviceType", deviceType, raw -> enumValue(DeviceType.class, raw,
                "one of ESME, GSME"));
        String party = rules.checkOptional("supplier", supplier, raw -> PartyId.of(raw).value());
        return new Question(effectiveAt == null ? now : effectiveAt, recordedBy == null ? now : recordedBy,
                new RestrictedSpans.Filter(inRegion, ofType, party));
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String raw, String rule) {
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(raw)) {
                return value;
            }
        }
        throw new IllegalArgumentException(rule);
    }
}
