package uk.smartmeter.restricted.bootstrap;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import uk.smartmeter.restricted.adapter.store.LocalPostgres;

/** The production store: PostgreSQL under the "postgres" profile, a fresh database per test. */
@Tag("postgres")
class DeviceStateSurvivesRestartOnPostgresTest extends DeviceStateSurvivesRestartContract {

    @Override
    protected Map<String, Object> storage() throws Exception {
        return Map.of("spring.datasource.url", LocalPostgres.freshDatabase("restricted_it"),
                "restricted.api.auth.mode", "local");
    }

    @Override
    protected String[] profiles() {
        return new String[] {"postgres"};
    }
}
