package uk.smartmeter.restricted.bootstrap.api;

import org.junit.jupiter.api.Tag;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.smartmeter.restricted.adapter.store.LocalPostgres;

/**
 * The same cases on PostgreSQL under the production profile, where the lookup of a chunk's meters, the claims'
 * batch and a race's unique-key failure each take PostgreSQL's own paths (ADR 0049).
 */
@Tag("postgres")
@ActiveProfiles("postgres")
class ImportedMetersAreStoredAsTheAggregateStoresThemOnPostgresTest
        extends ImportedMetersAreStoredAsTheAggregateStoresThemTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry properties) throws Exception {
        String url = LocalPostgres.freshDatabase("restricted_import_it");
        properties.add("spring.datasource.url", () -> url);
        properties.add("restricted.api.auth.mode", () -> "local");
    }
}
