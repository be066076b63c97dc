package uk.smartmeter.restricted.adapter.csp;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The push's health: UP while the broker confirms, {@value #DEGRADED} while it cannot be reached (the
 * notices wait in the feed and are pushed when it returns; the pull feed is unaffected).
 */
final class CspPushHealth implements HealthIndicator {

    static final String DEGRADED = "DEGRADED";

    private final RabbitCspPush push;

    CspPushHealth(RabbitCspPush push) {
        this.push = push;
    }

    @Override
    public Health health() {
        RabbitCspPush.Status status = push.status();
        Health.Builder health = status.healthy() ? Health.up()
                : Health.status(new Status(DEGRADED, "the broker is unreachable; notices wait and will be pushed"))
                        .withDetail("failingSince", status.failingSince().toString())
                        .withDetail("lastError", String.valueOf(status.lastError()));
        health.withDetail("confirmedUpTo", status.cursor()).withDetail("backlog", status.backlog());
        if (status.lastConfirmedAt() != null) {
            health.withDetail("lastConfirmedAt", status.lastConfirmedAt().toString());
        }
        return health.build();
    }
}
