package uk.smartmeter.restricted.bootstrap.api;

import org.junit.jupiter.api.Tag;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import uk.smartmeter.restricted.adapter.store.LocalPostgres;

/** The auditor's tampering on production's store, PostgreSQL (the rebuild's swap there renames tables). */
@Tag("postgres")
@ActiveProfiles("postgres")
@TestPropertySource(properties = "restricted.history.checkpoint-interval=1h")
class AuditorTamperOnPostgresTest extends AuditorTamperSuite {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry properties) throws Exception {
        String url = LocalPostgres.freshDatabase("restricted_tamper_it");
        properties.add("spring.datasource.url", () -> url);
        properties.add("restricted.api.auth.mode", () -> "local");
    }
}
