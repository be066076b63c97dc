package uk.smartmeter.restricted.adapter.rest.gate;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
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
import uk.smartmeter.restricted.application.gate.CatalogueRefused;
import uk.smartmeter.restricted.application.port.in.AdoptCatalogue;
import uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;
import uk.smartmeter.restricted.application.port.out.CatalogueAdoptions;
import uk.smartmeter.restricted.domain.device.Actor;

/**
 * SRV catalogues adopted for the gate as recorded DCC decisions (issue 18): adopt one from an effective time, list
 * them with the one in force, read one's file. Every node's gate uses each from its effective time; rolling back is
 * adopting an earlier version again.
 */
@RestController
@RequestMapping(path = "/api/v1/gate/catalogues", produces = {MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_PROBLEM_JSON_VALUE})
@Tag(name = "Gate")
@SecurityRequirement(name = "bearer")
public class CatalogueController {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Callers callers;
    private final AdoptCatalogue catalogues;
    private final RecordRefusalUseCase refusals;

    public CatalogueController(Callers callers, AdoptCatalogue catalogues, RecordRefusalUseCase refusals) {
        this.callers = callers;
        this.catalogues = catalogues;
        this.refusals = refusals;
    }

    @Schema(description = "An adoption: the catalogue's version and SHA-256, from when the gate uses it, who adopted it"
            + " and when.")
    public record AdoptionResponse(String adoptionId, String version, String sha256, Instant effectiveFrom,
                                   String adoptedBy, Instant recordedAt) {
        static AdoptionResponse of(CatalogueAdoptions.Adoption a) {
            return new AdoptionResponse(a.adoptionId(), a.version(), a.sha256(), a.effectiveFrom(), a.adoptedBy(),
                    a.recordedAt());
        }
    }

    public record AdoptionsResponse(
            @Schema(description = "the adoption in force now; absent while the bundled catalogue is") String inForce,
            String inForceVersion, List<AdoptionResponse> adoptions) {
    }

    @Operation(summary = "Adopt an SRV catalogue", description = "The body is the catalogue in the bundled one's CSV"
            + " form, with its version line, validated as the live one is and classifying exactly its SRVs (else 422"
            + " naming catalogue). effectiveFrom is at least restricted.gate.catalogue-lead (1 minute) after now (else"
            + " 422 naming effectiveFrom), so every node holds it before it takes effect. 201 for a new adoption, 200"
            + " for the same adoptionId with the same file and time, 409 CATALOGUE_ADOPTION_ID_REUSED otherwise; 409"
            + " CATALOGUE_VERSION_CONFLICT for a version already adopted as another file. Recorded in the history."
            + " DCC only.")
    @PostMapping(consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    public ResponseEntity<AdoptionResponse> adopt(@RequestParam(required = false) String adoptionId,
                                                  @RequestParam(required = false) String effectiveFrom,
                                                  @RequestBody(required = false) String catalogue) {
        Actor actor = callers.actor(EndpointRoles.Gate.ADOPT_CATALOGUE, "AdoptCatalogue", null);
        InvalidRequest.Builder rules = InvalidRequest.builder();
        String id = rules.check("adoptionId", adoptionId, CatalogueController::checkedId);
        Instant from = rules.check("effectiveFrom", effectiveFrom, Params::instant);
        if (catalogue == null || catalogue.isBlank()) {
            rules.add("catalogue", "the catalogue as the request's body (text/csv)");
        }
        rules.throwIfAny();
        try {
            AdoptCatalogue.Adopted adopted = catalogues.adopt(actor, id, from, catalogue);
            return ResponseEntity.status(adopted.fresh() ? 201 : 200)
                    .header(HttpHeaders.LOCATION, "/api/v1/gate/catalogues/" + id)
                    .body(AdoptionResponse.of(adopted.adoption()));
        } catch (CatalogueRefused refused) {
            if (refused.code() == ServiceRefusal.CATALOGUE_INVALID) {
                throw InvalidRequest.of("catalogue", refused.getMessage());
            }
            if (refused.code() == ServiceRefusal.CATALOGUE_EFFECTIVE_TOO_SOON) {
                throw InvalidRequest.of("effectiveFrom", refused.getMessage());
            }
            refusals.recordRefusal(null, actor, "AdoptCatalogue", refused.code(), refused.getMessage());
            throw new Rejection(refused.code(), refused.getMessage());
        }
    }

    @Operation(summary = "Every adoption, and the one in force now", description = "In recorded order. DCC and"
            + " REGULATOR.")
    @GetMapping
    public AdoptionsResponse list() {
        callers.actor(EndpointRoles.Gate.READ_CATALOGUES, "ReadCatalogues", null);
        AdoptCatalogue.Adoptions all = catalogues.adoptions();
        return new AdoptionsResponse(all.inForce(), all.inForceVersion(),
                all.adoptions().stream().map(AdoptionResponse::of).toList());
    }

    @Operation(summary = "An adopted catalogue's file", description = "The CSV exactly as adopted (its SHA-256 is the"
            + " adoption's). DCC and REGULATOR.")
    @GetMapping(path = "/{adoptionId}", produces = {"text/csv", MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<String> file(@PathVariable String adoptionId) {
        Actor actor = callers.actor(EndpointRoles.Gate.READ_CATALOGUES, "ReadCatalogues", null);
        String id = InvalidRequest.parse("adoptionId", adoptionId, CatalogueController::checkedId);
        CatalogueAdoptions.Adoption adoption = catalogues.find(id).orElseThrow(() -> {
            refusals.recordRefusal(null, actor, "ReadCatalogues", ServiceRefusal.CATALOGUE_ADOPTION_NOT_FOUND,
                    "no adoption " + id);
            return new Rejection(ServiceRefusal.CATALOGUE_ADOPTION_NOT_FOUND, "no adoption " + id);
        });
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(adoption.csv());
    }

    private static String checkedId(String raw) {
        if (!ID.matcher(raw).matches()) {
            throw new IllegalArgumentException("1 to 64 letters, digits, . _ or -, beginning with a letter or digit");
        }
        return raw;
    }
}
