package uk.smartmeter.restricted.bootstrap.api;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.smartmeter.restricted.bootstrap.LocalPostgres;

/** The same lifecycle over HTTP under the production "postgres" profile (with local tokens for the test). */
@Tag("postgres")
@ActiveProfiles("postgres")
class RestApiOnPostgresTest extends RunningService {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry properties) throws Exception {
        String url = LocalPostgres.freshDatabase("restricted_api_it");
        properties.add("spring.datasource.url", () -> url);
        properties.add("restricted.api.auth.mode", () -> "local");
    }

    @Test
    void aMeterWalksItsWholeLifecycleThroughTheApiOnPostgres() {
        RestLifecycle.walk(api, "00-DB-12-34-56-78-92-00", "SUPPLIER-A", "SUPPLIER-B");
    }
}
