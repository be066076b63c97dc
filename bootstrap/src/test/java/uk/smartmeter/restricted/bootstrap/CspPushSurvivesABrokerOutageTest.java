package uk.smartmeter.restricted.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import uk.smartmeter.restricted.application.port.out.CspPush;
import uk.smartmeter.restricted.application.port.in.ApplyRestrictionUseCase;
import uk.smartmeter.restricted.application.port.in.ClearRestrictionUseCase;
import uk.smartmeter.restricted.application.port.out.ReplayTicket;
import uk.smartmeter.restricted.application.port.in.EnrolDeviceUseCase;
import uk.smartmeter.restricted.application.port.in.RequestCspReplay;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;

/**
 * MP169 BR5 at least once, in order per meter, across a broker outage: 10,000 flag changes on 500 meters,
 * with RabbitMQ stopped in the middle and started again. Every notice arrives; each meter's notices, taken
 * in the order they first arrive, are numbered 1 to 20 with no gap and no reversal; a notice that arrives
 * twice carries the same message ID and the same body. A replay then repeats a region's notices unchanged, in order.
 * The broker is a node of this test's own ({@link RabbitNode}), never the machine's.
 */
@Tag("rabbitmq")
@SpringBootTest(classes = RestrictedModeApplication.class)
@DirtiesContext
class CspPushSurvivesABrokerOutageTest {

    private static final int METERS = 500;
    private static final int CHANGES_PER_METER = 20;
    private static final String EXCHANGE = "restricted.csp.outage-test-" + System.nanoTime();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    EnrolDeviceUseCase enrol;
    @Autowired
    ApplyRestrictionUseCase apply;
    @Autowired
    ClearRestrictionUseCase clear;
    @Autowired
    @Qualifier("cspPushHealth")
    HealthIndicator pushHealth;
    @Autowired
    MeterRegistry meters;
    @Autowired
    RequestCspReplay replays;
    @Autowired
    uk.smartmeter.restricted.application.history.HistoryCheckpoints checkpoints;

    private static RabbitNode broker;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry properties) throws Exception {
        broker = RabbitNode.start("csp-outage");
        properties.add("restricted.csp.push.port", () -> Integer.toString(broker.port()));
        String dir = Files.createTempDirectory("restricted-csp-push-").toString();
        properties.add("restricted.data-dir", () -> dir);
        properties.add("restricted.csp.push.enabled", () -> "true");
        properties.add("restricted.csp.push.exchange", () -> EXCHANGE);
        properties.add("restricted.csp.push.max-backoff", () -> "1s");
    }

    @Autowired
    CspPush push;

    /** The publisher stops before the queues go, or it would declare them again. */
    @AfterEach
    void stopPushing() throws Exception {
        ((AutoCloseable) push).close();
    }

    /** The node goes with its queues and data. */
    @AfterAll
    static void removeTheBroker() throws Exception {
        broker.close();
    }

    private static String queue(CspRegion region) {
        return EXCHANGE + "." + region.name().toLowerCase();
    }

    private double backlog() {
        return meters.get("restricted.csp.push.backlog").gauge().value();
    }

    @Test
    void everyNoticeArrivesInOrderPerMeterWhenTheBrokerIsStoppedInTheMiddleAndStartedAgain() throws Exception {
        FlagChurn churn = new FlagChurn(enrol, apply, clear);
        List<DeviceId> enrolled = churn.enrolMeters(0x0601, METERS);
        // the first half of every meter's changes flows while the broker is stopped in the middle; the second half is
        // made while it is down, so the push must fail and build a backlog whatever the machine's speed
        CompletableFuture<Void> changes = CompletableFuture.runAsync(() -> {
            try {
                churn.churn(enrolled, CHANGES_PER_METER / 2, 4);
            } catch (Exception failed) {
                throw new IllegalStateException(failed);
            }
        });
        Eventually.holds("3,000 flag changes made", Duration.ofSeconds(120), () -> churn.changes() >= 3_000);

        broker.stop();
        changes.get();
        churn.churn(enrolled, CHANGES_PER_METER / 2, 4);
        // a history checkpoint issued while the broker is down reaches every CSP once it is back
        uk.smartmeter.restricted.application.port.out.IssuedCheckpoint checkpoint = checkpoints.issue("outage test");
        assertThat(churn.changes()).isEqualTo((long) METERS * CHANGES_PER_METER);
        Eventually.holds("push health DEGRADED while the broker is down", Duration.ofSeconds(20),
                () -> "DEGRADED".equals(pushHealth.health().getStatus().getCode()));
        Eventually.holds("a backlog while the broker is down", Duration.ofSeconds(20), () -> backlog() > 0);
        assertThat(pushHealth.health().getDetails()).containsKeys("failingSince", "lastError", "backlog");
        broker.startAgain();

        Map<String, String> bodies = new HashMap<>();
        Map<String, List<Long>> firstArrivals = new LinkedHashMap<>();
        Map<CspRegion, String> checkpointNotes = new java.util.EnumMap<>(CspRegion.class);
        int duplicates = 0;
        CachingConnectionFactory connections = new CachingConnectionFactory("127.0.0.1", broker.port());
        try {
            RabbitTemplate rabbit = new RabbitTemplate(connections);
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while ((bodies.size() < METERS * CHANGES_PER_METER || checkpointNotes.size() < CspRegion.values().length)
                    && System.nanoTime() < deadline) {
                boolean any = false;
                for (CspRegion region : CspRegion.values()) {
                    Message message;
                    while ((message = rabbit.receive(queue(region))) != null) {
                        any = true;
                        String body = new String(message.getBody(), StandardCharsets.UTF_8);
                        JsonNode notice = JSON.readTree(body);
                        if ("restricted-mode/history-checkpoint/v1".equals(message.getMessageProperties().getType())) {
                            if (notice.get("treeSize").asLong() == checkpoint.treeSize()) {
                                checkpointNotes.put(region, notice.get("note").asText());
                            }
                            continue;
                        }
                        if (!"restricted-mode/csp-notice/v2".equals(message.getMessageProperties().getType())) {
                            assertThat(notice.get("schema").asText()).as("the month-end list announcement")
                                    .isEqualTo("restricted-mode/csp-exclusion-list-published/v1");
                            continue;
                        }
                        String id = message.getMessageProperties().getMessageId();
                        assertThat(notice.get("noticeId").asText()).isEqualTo(id);
                        assertThat(notice.get("cspRegion").asText()).as("routed to its region's queue")
                                .isEqualTo(region.name());
                        String earlier = bodies.putIfAbsent(id, body);
                        if (earlier != null) {
                            duplicates++;
                            assertThat(body).as("a duplicate is the same notice").isEqualTo(earlier);
                        } else {
                            firstArrivals.computeIfAbsent(notice.get("deviceId").asText(), d -> new ArrayList<>())
                                    .add(notice.get("deviceSequence").asLong());
                        }
                    }
                }
                if (!any) {
                    RabbitAdmin admin = new RabbitAdmin(connections);
                    Eventually.holds("more messages in the regions' queues", Duration.ofSeconds(60),
                            () -> java.util.Arrays.stream(CspRegion.values()).anyMatch(region -> {
                                var info = admin.getQueueInfo(queue(region));
                                return info != null && info.getMessageCount() > 0;
                            }));
                }
            }
        } finally {
            connections.destroy();
        }

        assertThat(bodies).as("every notice arrived").hasSize(METERS * CHANGES_PER_METER);
        assertThat(checkpointNotes).as("the checkpoint reached every CSP, its signed note unchanged")
                .hasSize(3).allSatisfy((region, note) -> assertThat(note).isEqualTo(checkpoint.note()));
        assertThat(firstArrivals).hasSize(METERS);
        List<Long> oneToTwenty = new ArrayList<>();
        for (long n = 1; n <= CHANGES_PER_METER; n++) {
            oneToTwenty.add(n);
        }
        firstArrivals.forEach((meter, sequence) -> assertThat(sequence).as("notices of %s", meter)
                .isEqualTo(oneToTwenty));
        Eventually.holds("no backlog once the broker is back", Duration.ofSeconds(20), () -> backlog() == 0);
        assertThat(pushHealth.health().getStatus().getCode()).isEqualTo("UP");

        // a replay of the North region from the start: the same notices, byte for byte, in feed order
        ReplayTicket.RegionReplay ticket = replays.fromPosition(Actor.of("ARQIVA", UserRole.CSP), CspRegion.NORTH, 0).orElseThrow();
        List<String> northFirstSeen = bodies.values().stream()
                .filter(body -> body.contains("\"cspRegion\":\"NORTH\""))
                .sorted(java.util.Comparator.comparingLong(CspPushSurvivesABrokerOutageTest::regionPosition)).toList();
        List<String> replayed = new ArrayList<>();
        CachingConnectionFactory again = new CachingConnectionFactory("127.0.0.1", broker.port());
        try {
            RabbitTemplate rabbit = new RabbitTemplate(again);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (replayed.size() < northFirstSeen.size() && System.nanoTime() < deadline) {
                Message message = rabbit.receive(queue(CspRegion.NORTH));
                if (message == null) {
                    RabbitAdmin admin = new RabbitAdmin(again);
                    Eventually.holds("more of the replay in North's queue", Duration.ofSeconds(60), () -> {
                        var info = admin.getQueueInfo(queue(CspRegion.NORTH));
                        return info != null && info.getMessageCount() > 0;
                    });
                    continue;
                }
                if (Long.valueOf(ticket.replayId())
                        .equals(message.getMessageProperties().getHeaders().get("x-replay-id"))) {
                    replayed.add(new String(message.getBody(), StandardCharsets.UTF_8));
                }
            }
        } finally {
            again.destroy();
        }
        assertThat(ticket.upToPosition()).as("the North region's own last position")
                .isEqualTo((long) northFirstSeen.size());
        assertThat(northFirstSeen).extracting(CspPushSurvivesABrokerOutageTest::regionPosition).as("dense in the region")
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, northFirstSeen.size()).boxed().toList());
        assertThat(replayed).as("the replay repeats the North notices unchanged, in order").isEqualTo(northFirstSeen);
        System.out.printf("CSP push outage test: %d notices, %d duplicates after the restart%n", bodies.size(),
                duplicates);
    }

    private static long regionPosition(String body) {
        try {
            return JSON.readTree(body).get("regionPosition").asLong();
        } catch (java.io.IOException unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }
}
