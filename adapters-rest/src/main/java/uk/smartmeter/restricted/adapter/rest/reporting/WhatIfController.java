package uk.smartmeter.restricted.adapter.rest.reporting;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
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
import uk.smartmeter.restricted.application.port.in.EvaluateCatalogue;
import uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;
import uk.smartmeter.restricted.application.port.out.WhatIfResult;
import uk.smartmeter.restricted.application.reporting.ReportRefused;
import uk.smartmeter.restricted.domain.device.Actor;

/**
 * What-if replay of a candidate SRV catalogue (issue 18, F15): which of a past month's real requests would change
 * verdict, ALLOW to DENY or DENY to ALLOW, with counts by SRV, device type, Supplier and region. The live gate does not
 * change.
 */
@RestController
@RequestMapping(path = "/api/v1/reports", produces = {MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_PROBLEM_JSON_VALUE})
@Tag(name = "Monthly reports")
@SecurityRequirement(name = "bearer")
public class WhatIfController {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Callers callers;
    private final EvaluateCatalogue whatIf;
    private final RecordRefusalUseCase refusals;

    public WhatIfController(Callers callers, EvaluateCatalogue whatIf, RecordRefusalUseCase refusals) {
        this.callers = callers;
        this.whatIf = whatIf;
        this.refusals = refusals;
    }

    @Operation(summary = "What a candidate SRV catalogue would have changed in a month",
            description = "The body is the candidate catalogue, in the live catalogue's CSV form (header"
                    + " srv,class,consumptionOn,name,note with its version line), validated as the live one is and"
                    + " classifying exactly its SRVs. It is evaluated over the month's outcome logs against the store's"
                    + " record of the month, in the monthly report's pass: every request whose verdict would change,"
                    + " counted by direction, SRV, device type, Supplier and region, the first rows listed and the full"
                    + " list kept (GET /api/v1/reports/what-if/{whatIfId}/changes). The same whatIfId with the same"
                    + " inputs answers the kept answer; with others 409 WHAT_IF_ID_REUSED. The live gate does not"
                    + " change. DCC only.")
    @PostMapping(path = "/{month}/what-if", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    public WhatIfResult evaluate(@Parameter(example = "2026-10") @PathVariable String month,
                                 @RequestParam(required = false) String whatIfId,
                                 @RequestParam(required = false) List<String> outcomeLogs,
                                 @RequestParam(defaultValue = "100") String first,
                                 @RequestBody(required = false) String catalogue) {
        Actor actor = callers.actor(EndpointRoles.Reports.RUN, "EvaluateCatalogue", null);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        YearMonth reportMonth = rules.check("month", month, Params::month);
        String id = rules.check("whatIfId", whatIfId, WhatIfController::checkedId);
        Integer rows = rules.check("first", first, raw -> {
            int value = Params.asciiInt(raw);
            if (value < 0 || value > 1000) {
                throw new IllegalArgumentException("0 to 1000");
            }
            return value;
        });
        if (outcomeLogs == null || outcomeLogs.isEmpty()) {
            rules.add("outcomeLogs", "at least one outcome log");
        } else if (outcomeLogs.stream().anyMatch(name -> name.isBlank() || name.length() > 512
                || name.chars().anyMatch(Character::isISOControl))) {
            rules.add("outcomeLogs", "names of 1 to 512 characters, with no control characters");
        }
        if (catalogue == null || catalogue.isBlank()) {
            rules.add("catalogue", "the candidate catalogue as the request's body (text/csv)");
        }
        rules.throwIfAny();
        try {
            return whatIf.evaluate(actor, id, reportMonth, outcomeLogs, catalogue, rows);
        } catch (ReportRefused refused) {
            if (refused.code() == ServiceRefusal.CATALOGUE_INVALID) {
                throw InvalidRequest.of("catalogue", refused.getMessage());
            }
            if (refused.code() == ServiceRefusal.REPORT_INPUTS_INVALID
                    || refused.code() == ServiceRefusal.OUTCOME_LOG_NOT_FOUND) {
                throw InvalidRequest.of("outcomeLogs", refused.getMessage());
            }
            throw refuse(actor, "EvaluateCatalogue", refused);
        }
    }

    @Operation(summary = "A kept what-if answer", description = "DCC and REGULATOR.")
    @GetMapping("/what-if/{whatIfId}")
    public WhatIfResult find(@PathVariable String whatIfId) {
        Actor actor = callers.actor(EndpointRoles.Reports.READ, "ReadWhatIf", null);
        String id = InvalidRequest.parse("whatIfId", whatIfId, WhatIfController::checkedId);
        return whatIf.find(id).orElseThrow(() -> notFound(actor, id));
    }

    @Operation(summary = "Every request whose verdict would change", description = "CSV: file, line, request_id,"
            + " device_id, srv, direction, device_type, supplier, in log order. Refused (409 WHAT_IF_FILE_ALTERED) when"
            + " the file no longer has the SHA-256 in its answer. DCC and REGULATOR.")
    @GetMapping(path = "/what-if/{whatIfId}/changes", produces = {"text/csv", MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<Resource> changes(@PathVariable String whatIfId) {
        Actor actor = callers.actor(EndpointRoles.Reports.READ, "ReadWhatIf", null);
        String id = InvalidRequest.parse("whatIfId", whatIfId, WhatIfController::checkedId);
        InputStream body;
        try {
            body = whatIf.changes(id).orElseThrow(() -> notFound(actor, id));
        } catch (ReportRefused refused) {
            throw refuse(actor, "ReadWhatIf", refused);
        }
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(new InputStreamResource(body));
    }

    private static String checkedId(String raw) {
        if (!ID.matcher(raw).matches()) {
            throw new IllegalArgumentException("1 to 64 letters, digits, . _ or -, beginning with a letter or digit");
        }
        return raw;
    }

    private Rejection refuse(Actor actor, String request, ReportRefused refused) {
        refusals.recordRefusal(null, actor, request, refused.code(), refused.getMessage());
        return new Rejection(refused.code(), refused.getMessage());
    }

    private Rejection notFound(Actor actor, String id) {
        refusals.recordRefusal(null, actor, "ReadWhatIf", ServiceRefusal.WHAT_IF_NOT_FOUND, "no what-if " + id);
        return new Rejection(ServiceRefusal.WHAT_IF_NOT_FOUND, "no what-if " + id);
    }
}
