package uk.smartmeter.restricted.adapter.rest;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import uk.smartmeter.restricted.adapter.rest.csp.CspController;

/** The OpenAPI document: bearer security, and the problem+json answers every operation can give. */
final class ApiDocumentation {

    private static final Map<String, String> PROBLEM_ANSWERS = Map.of(
            "400", "Malformed request: bad JSON, a wrong type, an unknown field or value (MALFORMED_REQUEST)",
            "401", "No valid bearer token (UNAUTHENTICATED)",
            "403", "Your role may not use this endpoint (ROLE_NOT_PERMITTED); recorded",
            "404", "No enrolled meter with this ID that you may act on (DEVICE_NOT_FOUND); recorded",
            "409", "Conflict: already enrolled, stale If-Match or concurrent update (CONCURRENT_UPDATE), key in use",
            "413", "Body over the size limit (MALFORMED_REQUEST)",
            "422", "Refused by a rule: the code names it (for example PREPAYMENT_MODE, INVALID_REQUEST); recorded",
            "503", "The store could not be reached in time (STORE_UNAVAILABLE); Retry-After; nothing was changed");

    private ApiDocumentation() {
    }

    static OpenAPI openApi() {
        return new OpenAPI()
                .info(new Info().title("Restricted mode (MP169) API").version("v1")
                        .description("Suppliers set and clear the Restricted flag on the meters they are responsible"
                                + " for; DCC systems feed inventory and registration facts; regulators read. Every"
                                + " error is RFC 9457 problem+json with a stable type"
                                + " urn:restricted-mode:problem:<code>."))
                .servers(List.of(new Server().url("/")))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")
                                .description("Claims: party_id (the SEC Party), roles (IS, ES, GS, ED, GT, OU, RSA,"
                                        + " DCC, REGULATOR, CSP), sub (acting user), aud, iss, exp; a CSP's token also"
                                        + " names its region in csp_region (NORTH, CENTRAL, SOUTH). A party holding"
                                        + " several roles names the one it acts in with the DCC-User-Role header."))
                        .addSchemas("Problem", problemSchema())
                        .addSchemas("CspNoticeV1", ModelConverters.getInstance()
                                .resolveAsResolvedSchema(new AnnotatedType(CspController.NoticeDocumentation.class))
                                .schema));
    }

    static OpenApiCustomizer problemAnswers() {
        return openApi -> openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation ->
                PROBLEM_ANSWERS.forEach((status, description) -> operation.getResponses().putIfAbsent(status,
                        new ApiResponse().description(description).content(new Content().addMediaType(
                                "application/problem+json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))))))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        ObjectSchema error = new ObjectSchema();
        error.addProperty("field", new StringSchema().example("attestation.reference"));
        error.addProperty("rule", new StringSchema().example("required"));
        ObjectSchema problem = new ObjectSchema();
        problem.description("RFC 9457 problem details");
        problem.addProperty("type", new StringSchema().example("urn:restricted-mode:problem:prepayment-mode"));
        problem.addProperty("title", new StringSchema().example("Prepayment mode"));
        problem.addProperty("status", new IntegerSchema().example(422));
        problem.addProperty("detail", new StringSchema());
        problem.addProperty("instance", new StringSchema());
        problem.addProperty("code", new StringSchema().example("PREPAYMENT_MODE"));
        problem.addProperty("errors", new ArraySchema().items(error));
        return problem;
    }
}
