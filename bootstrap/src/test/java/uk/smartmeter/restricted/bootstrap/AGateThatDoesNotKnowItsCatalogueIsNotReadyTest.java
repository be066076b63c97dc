package uk.smartmeter.restricted.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import uk.smartmeter.restricted.application.gate.CatalogueSchedule;
import uk.smartmeter.restricted.domain.gate.AlertCatalogue;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;

/**
 * Issue 18: a node that does not know the SRV catalogue in force (it fails closed, R3, on every SRV an adoption could
 * make consumption) says so in its readiness, so that a load balancer sends the gate's questions to a node that does.
 */
class AGateThatDoesNotKnowItsCatalogueIsNotReadyTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static Status readiness(CatalogueSchedule schedule, Instant at) {
        return new GateConfiguration().gateCatalogueHealthIndicator(schedule, Clock.fixed(at, ZoneOffset.UTC))
                .health().getStatus();
    }

    @Test
    void notReadyBeforeItsFirstReadReadyAfterItAndNotReadyAgainWhenTheReadIsOlderThanHalfTheLead() {
        CatalogueSchedule schedule = new CatalogueSchedule(SrvCatalogue.bundled(), AlertCatalogue.bundled(),
                Duration.ofMinutes(1));
        assertThat(readiness(schedule, NOW)).isEqualTo(Status.OUT_OF_SERVICE);

        schedule.load(List.of(), NOW);
        assertThat(readiness(schedule, NOW.plusSeconds(29))).isEqualTo(Status.UP);
        assertThat(new GateConfiguration().gateCatalogueHealthIndicator(schedule, Clock.fixed(NOW, ZoneOffset.UTC))
                .health().getDetails()).containsEntry("catalogueVersion", "1").containsEntry("adoptionId", "bundled");
        assertThat(readiness(schedule, NOW.plusSeconds(30))).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(readiness(schedule, NOW.minusSeconds(1))).as("a clock stepped back").isEqualTo(Status.OUT_OF_SERVICE);
    }
}
