package uk.smartmeter.restricted.adapter.rest;

import static org.mockito.Mockito.mock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import uk.smartmeter.restricted.adapter.rest.security.LocalTokenController;
import uk.smartmeter.restricted.domain.device.UserRole;

/** The REST adapter alone, as bootstrap wires it, with the application's use cases mocked by each test. */
@SpringBootConfiguration
@Import(RestAdapterConfiguration.class)
public class RestSliceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    /** Idempotency is exercised end to end in bootstrap; slices never send the header. */
    @Bean
    DataSource dataSource() {
        return mock(DataSource.class);
    }

    public static String bearer(LocalTokenController tokens, String party, UserRole role) {
        return "Bearer " + tokens.sign(party, List.of(role), "user-1", Duration.ofMinutes(5));
    }
}
