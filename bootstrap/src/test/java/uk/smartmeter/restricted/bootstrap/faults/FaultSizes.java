package uk.smartmeter.restricted.bootstrap.faults;

import java.time.Duration;

/**
 * The fault suite's sizes, from system properties ({@code -Dfaults.commands=8000} on the Maven command line reaches
 * the tests). The defaults are CI sizes, chosen to keep the whole suite to a few minutes on a 2-core machine; the
 * full sizes are documented beside each one and in the suite's run command:
 *
 * <pre>
 * ./mvnw verify -Pfaults -Dfaults.commands=8000 -Dfaults.refused=2000 -Dfaults.connections=64 -Dfaults.races=1000 \
 *     -Dfaults.outage-seconds=20 -Dfaults.kills=3
 * </pre>
 */
final class FaultSizes {

    /** Flag commands per load run (full size 8000). */
    static final int COMMANDS = intProperty("faults.commands", 1500);
    /** Refused requests mixed into a load run (full size 2000). */
    static final int REFUSED = intProperty("faults.refused", 400);
    /** Concurrent HTTP connections of the load (full size 64). */
    static final int CONNECTIONS = intProperty("faults.connections", 32);
    /** Rounds of the cross-node race (full size 1000). */
    static final int RACES = intProperty("faults.races", 200);
    /** How long each database fault lasts (full size 20). */
    static final Duration OUTAGE = Duration.ofSeconds(intProperty("faults.outage-seconds", 8));
    /** How many times a node is killed with SIGKILL under load (full size 3). */
    static final int KILLS = intProperty("faults.kills", 3);
    /** Meters enrolled per test ("a few hundred"). */
    static final int METERS = intProperty("faults.meters", 300);
    /**
     * How long a request whose first attempt got no answer may still be answered 409 REQUEST_IN_PROGRESS when it is
     * retried with the same Idempotency-Key: the README's "retry shortly", held to about 30 seconds.
     */
    static final Duration RETRY_WINDOW = Duration.ofSeconds(intProperty("faults.retry-window-seconds", 30));
    /** restricted.gate.max-lag of the nodes (the service's default). */
    static final Duration MAX_LAG = Duration.ofSeconds(2);
    /** restricted.gate.check-interval of the nodes (the service's default). */
    static final Duration CHECK_INTERVAL = Duration.ofMillis(100);
    /**
     * How long a flag command (or a gate question) sent to a node whose database is unreachable may take to be
     * answered: above the service's own bounds on the store (2 s for a connection, 10 s for an answer on an open one,
     * docs/ordering-and-fail-closed.md). A command that takes longer counts as unanswered.
     */
    static final Duration FAULT_COMMAND_TIMEOUT = Duration.ofSeconds(intProperty("faults.fault-command-timeout-seconds", 15));

    private FaultSizes() {
    }

    static int intProperty(String name, int fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    static String describe() {
        return "commands=" + COMMANDS + " refused=" + REFUSED + " connections=" + CONNECTIONS + " races=" + RACES
                + " outage=" + OUTAGE.toSeconds() + "s kills=" + KILLS + " meters=" + METERS;
    }
}
