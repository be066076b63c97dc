package uk.smartmeter.restricted.adapter.csp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import uk.smartmeter.restricted.application.port.out.ReplayTicket;
import uk.smartmeter.restricted.application.port.out.CspPush;
import uk.smartmeter.restricted.domain.csp.CspNotice;
import uk.smartmeter.restricted.domain.csp.CspNoticeJson;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.CspRegion;

/**
 * Pushes the CSP notices to RabbitMQ, at least once and in feed order, from the {@code csp_notice} rows:
 * the event store is the outbox and the notices are derived from it, so the command path never talks
 * to the broker. One thread publishes a batch, waits for the broker's confirms, and only then moves
 * the cursor. Of several nodes, the one holding the cursor's lease publishes ({@code csp_push_cursor.lease_owner}, on
 * the database's clock, renewed with every batch); the lease is taken and the cursor moved in short statements of
 * their own, so no row lock or transaction is held open while the broker confirms. The cursor moves only from where
 * this node read it, under its lease, so a node whose lease lapsed moves nothing. While
 * the broker is unreachable it backs off and retries the same batch; a notice sent twice carries the
 * same message ID and body. Replays and month-end exclusion-list announcements go the same way.
 */
final class RabbitCspPush implements CspPush, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitCspPush.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final String NOTICE_KEY = "notice.";
    static final String LIST_KEY = "exclusion-list.";
    static final String LIST_SCHEMA = "restricted-mode/csp-exclusion-list-published/v1";
    static final String CHECKPOINT_KEY = "history-checkpoint.";
    static final String CHECKPOINT_SCHEMA = "restricted-mode/history-checkpoint/v1";


    private final JdbcTemplate jdbc;
    private final JdbcCspNoticeStore notices;
    private final JdbcExclusionListStore lists;
    private final CachingConnectionFactory connections;
    private final RabbitTemplate rabbit;
    private final CspProperties.Push settings;
    private final Clock clock;
    private final Semaphore signal = new Semaphore(0);
    private final uk.smartmeter.restricted.application.port.out.CheckpointStore checkpoints;
    private final Counter published;
    private final Counter replayed;
    private final Counter failures;
    private final Timer delay;
    private final Thread worker;

    /** This node's name on the lease: host, process and a random part (two contexts in one JVM are two owners). */
    private final String node = leaseOwner();
    /** Longer than any batch can take: a publish gives up after the confirm timeout. */
    private final long leaseSeconds;
    private volatile boolean leaseHeld;

    private volatile boolean running = true;
    private volatile boolean topologyDeclared;
    private volatile long cursor;
    private volatile long backlog;
    private volatile Instant failingSince;
    private volatile String lastError;
    private volatile Instant lastConfirmedAt;

    RabbitCspPush(JdbcTemplate jdbc, JdbcCspNoticeStore notices,
                  JdbcExclusionListStore lists, CachingConnectionFactory connections, CspProperties.Push settings,
                  Clock clock, MeterRegistry meters,
                  uk.smartmeter.restricted.application.port.out.CheckpointStore checkpoints) {
        this.checkpoints = checkpoints;
        this.jdbc = jdbc;
        this.notices = notices;
        this.lists = lists;
        this.connections = connections;
        this.rabbit = new RabbitTemplate(connections);
        this.settings = settings;
        this.clock = clock;
        this.leaseSeconds = Math.max(30, 6 * Math.max(1, settings.confirmTimeout().toSeconds()));
        this.published = Counter.builder("restricted.csp.push.published").tag("kind", "notice")
                .description("notices confirmed by the broker").register(meters);
        this.replayed = Counter.builder("restricted.csp.push.published").tag("kind", "replay")
                .description("notices confirmed by the broker").register(meters);
        this.failures = Counter.builder("restricted.csp.push.failures")
                .description("publish attempts that failed and will be retried").register(meters);
        this.delay = Timer.builder("restricted.csp.push.delay")
                .description("from a flag change being recorded to the broker confirming its notice")
                .publishPercentiles(0.5, 0.99).register(meters);
        Gauge.builder("restricted.csp.push.backlog", this, push -> push.backlog)
                .description("notices made but not yet confirmed by the broker").register(meters);
        this.worker = new Thread(this::run, "csp-push");
        this.worker.setDaemon(true);
    }

    void start() {
        worker.start();
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void wake() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    @Override
    public Optional<ReplayTicket> replay(CspRegion region, long afterFeedPosition, Actor requestedBy) {
        Instant now = clock.instant();
        long upTo = jdbc.queryForObject("SELECT feed_position FROM csp_push_cursor WHERE name = 'notices'", Long.class);
        long after = Math.max(0, Math.min(afterFeedPosition, upTo));
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            var insert = connection.prepareStatement("INSERT INTO csp_replay (csp_region, after_position,"
                    + " up_to_position, next_position, requested_party, requested_role, requested_at, completed_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"replay_id"});
            insert.setString(1, region.name());
            insert.setLong(2, after);
            insert.setLong(3, upTo);
            insert.setLong(4, after);
            insert.setString(5, requestedBy.party().value());
            insert.setString(6, requestedBy.role().name());
            insert.setObject(7, JdbcCspNoticeStore.at(now));
            insert.setObject(8, after >= upTo ? JdbcCspNoticeStore.at(now) : null);
            return insert;
        }, key);
        wake();
        return Optional.of(new ReplayTicket(key.getKey().longValue(), region, after, upTo, now));
    }

    /** What health reports: healthy or failing since when, and how much waits. */
    record Status(boolean healthy, Instant failingSince, String lastError, long cursor, long backlog,
                  Instant lastConfirmedAt) {
    }

    Status status() {
        Instant failing = failingSince;
        return new Status(failing == null, failing, lastError, cursor, backlog, lastConfirmedAt);
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            try {
                if (!holdLease()) {
                    // another node publishes; this one watches the backlog and takes over when that lease lapses
                    refreshBacklog();
                    signal.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    signal.drainPermits();
                    continue;
                }
                declareTopology();
                int sent = pushNotices() + pushReplays() + announceLists() + announceCheckpoints();
                if (failingSince != null) {
                    LOG.info("CSP push recovered after failing since {}", failingSince);
                }
                failingSince = null;
                backoff = FIRST_BACKOFF;
                if (sent == 0) {
                    signal.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    signal.drainPermits();
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException failure) {
                failures.increment();
                topologyDeclared = false;
                lastError = describe(failure);
                if (failingSince == null) {
                    failingSince = clock.instant();
                    LOG.warn("CSP push failing, will retry: {}", lastError);
                }
                refreshBacklog();
                if (!pause(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0
                        ? settings.maxBackoff() : backoff.multipliedBy(2);
            }
        }
    }

    private void declareTopology() {
        if (topologyDeclared) {
            return;
        }
        RabbitAdmin admin = new RabbitAdmin(connections);
        TopicExchange exchange = new TopicExchange(settings.exchange(), true, false);
        admin.declareExchange(exchange);
        if (settings.declareQueues()) {
            for (CspRegion region : CspRegion.values()) {
                Queue queue = new Queue(queueOf(settings.exchange(), region), true);
                admin.declareQueue(queue);
                Binding notices = BindingBuilder.bind(queue).to(exchange).with(NOTICE_KEY + lower(region));
                Binding list = BindingBuilder.bind(queue).to(exchange).with(LIST_KEY + lower(region));
                Binding checkpoint = BindingBuilder.bind(queue).to(exchange).with(CHECKPOINT_KEY + lower(region));
                admin.declareBinding(notices);
                admin.declareBinding(list);
                admin.declareBinding(checkpoint);
            }
        }
        topologyDeclared = true;
    }

    /** Takes or renews the lease when it is free, lapsed or already this node's; false when another node holds it. */
    private boolean holdLease() {
        boolean held = jdbc.update("UPDATE csp_push_cursor SET lease_owner = ?, lease_until = " + leaseEnd()
                + " WHERE name = 'notices' AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < CURRENT_TIMESTAMP)",
                node, node) == 1;
        if (held != leaseHeld) {
            LOG.info(held ? "CSP push: this node ({}) holds the push lease and publishes"
                    : "CSP push: another node holds the push lease; this node ({}) stands by", node);
        }
        leaseHeld = held;
        return held;
    }

    private String leaseEnd() {
        return "CURRENT_TIMESTAMP + INTERVAL '" + leaseSeconds + "' SECOND";
    }

    /**
     * The next batch after the cursor, published and confirmed with no transaction open, then the cursor moved from
     * where it was read, under this node's lease (renewed). A lease that lapsed meanwhile moves nothing: the batch is
     * published again by the lease's new holder, as at least once allows.
     */
    private int pushNotices() {
        long from = jdbc.queryForObject("SELECT feed_position FROM csp_push_cursor WHERE name = 'notices'", Long.class);
        cursor = from;
        List<CspNotice> batch = notices.all(from, settings.batchSize());
        if (batch.isEmpty()) {
            backlog = 0;
            return 0;
        }
        publish(batch, null);
        long last = batch.get(batch.size() - 1).feedPosition();
        int moved = jdbc.update("UPDATE csp_push_cursor SET feed_position = ?, lease_until = " + leaseEnd()
                + " WHERE name = 'notices' AND lease_owner = ? AND feed_position = ?", last, node, from);
        if (moved == 0) {
            leaseHeld = false;
            LOG.warn("CSP push: the lease lapsed while a batch was confirmed; its new holder publishes it again");
            return 0;
        }
        Integer sent = batch.size();
        if (sent > 0) {
            Instant now = clock.instant();
            lastConfirmedAt = now;
            published.increment(sent);
            refreshBacklog();
        }
        return sent;
    }

    private void recordDelays(List<CspNotice> batch) {
        Instant now = clock.instant();
        for (CspNotice notice : batch) {
            Duration waited = Duration.between(notice.recordedAt(), now);
            delay.record(waited.isNegative() ? Duration.ZERO : waited);
        }
    }

    private int pushReplays() {
        List<Long> open = jdbc.queryForList("SELECT replay_id FROM csp_replay WHERE completed_at IS NULL"
                + " ORDER BY replay_id", Long.class);
        int sent = 0;
        // only the lease's holder gets here; a replay's row moves from where it was read, like the cursor
        for (long id : open) {
            var row = jdbc.queryForMap("SELECT csp_region, next_position, up_to_position FROM csp_replay"
                    + " WHERE replay_id = ?", id);
            CspRegion region = CspRegion.valueOf((String) row.get("csp_region"));
            long next = ((Number) row.get("next_position")).longValue();
            long upTo = ((Number) row.get("up_to_position")).longValue();
            List<CspNotice> batch = notices.range(region, next, upTo, settings.batchSize());
            long reached = batch.isEmpty() ? upTo : batch.get(batch.size() - 1).feedPosition();
            if (!batch.isEmpty()) {
                publish(batch, id);
            }
            jdbc.update("UPDATE csp_replay SET next_position = ?, completed_at = ? WHERE replay_id = ?"
                    + " AND next_position = ?", reached, reached >= upTo ? JdbcCspNoticeStore.at(clock.instant()) : null,
                    id, next);
            replayed.increment(batch.size());
            sent += batch.size();
        }
        return sent;
    }

    private int announceLists() {
        int sent = 0;
        for (JdbcExclusionListStore.Announcement list : lists.unannounced()) {
            MessageProperties properties = properties("exclusion-list/" + list.region() + "/" + list.month(),
                    LIST_SCHEMA);
            properties.setHeader("x-csp-region", list.region().name());
            String path = "/api/v1/csp/" + lower(list.region()) + "/exclusion-lists/" + list.month();
            String body = "{\"schema\":\"" + LIST_SCHEMA + "\",\"cspRegion\":\"" + list.region() + "\",\"month\":\""
                    + list.month() + "\",\"asKnownAt\":\"" + list.asKnownAt() + "\",\"publishedAt\":\""
                    + list.publishedAt() + "\",\"devices\":" + list.devices() + ",\"restrictedSeconds\":"
                    + list.restrictedSeconds() + ",\"sha256\":\"" + list.sha256() + "\",\"json\":\"" + path
                    + "\",\"csv\":\"" + path + "?format=csv\"}";
            Message message = new Message(body.getBytes(StandardCharsets.UTF_8), properties);
            rabbit.invoke(operations -> {
                operations.send(settings.exchange(), LIST_KEY + lower(list.region()), message);
                operations.waitForConfirmsOrDie(settings.confirmTimeout().toMillis());
                return null;
            });
            lists.announced(list, clock.instant());
            sent++;
        }
        return sent;
    }

    /**
     * Every history checkpoint not yet sent, to every CSP (the same message to each region's queue), so that copies
     * of the checkpoints live outside the service: a CSP that keeps them can later check that the history only
     * grew. Marked sent once the broker has confirmed all three.
     */
    private int announceCheckpoints() {
        int sent = 0;
        for (uk.smartmeter.restricted.application.port.out.IssuedCheckpoint checkpoint : checkpoints.unpushed(50)) {
            byte[] bytes = ("{\"schema\":" + jsonString(CHECKPOINT_SCHEMA) + ",\"treeSize\":" + checkpoint.treeSize()
                    + ",\"rootHash\":" + jsonString(checkpoint.rootHash()) + ",\"issuedAt\":"
                    + jsonString(checkpoint.issuedAt().toString()) + ",\"reason\":" + jsonString(checkpoint.reason())
                    + ",\"note\":" + jsonString(checkpoint.note()) + "}").getBytes(StandardCharsets.UTF_8);
            rabbit.invoke(operations -> {
                for (CspRegion region : CspRegion.values()) {
                    MessageProperties properties = properties("history-checkpoint/" + checkpoint.treeSize(),
                            CHECKPOINT_SCHEMA);
                    properties.setHeader("x-csp-region", region.name());
                    properties.setHeader("x-tree-size", checkpoint.treeSize());
                    operations.send(settings.exchange(), CHECKPOINT_KEY + lower(region), new Message(bytes, properties));
                }
                operations.waitForConfirmsOrDie(settings.confirmTimeout().toMillis());
                return null;
            });
            checkpoints.pushed(checkpoint.treeSize(), clock.instant());
            sent++;
        }
        return sent;
    }

    /** A JSON string (RFC 8259): quote, backslash and control characters escaped. */
    static String jsonString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Sends a batch and returns once the broker has confirmed every message of it; throws otherwise. */
    private void publish(List<CspNotice> batch, Long replayId) {
        rabbit.invoke(operations -> {
            for (CspNotice notice : batch) {
                MessageProperties properties = properties(notice.noticeId(), CspNotice.SCHEMA);
                properties.setHeader("x-region-position", notice.regionPosition());
                properties.setHeader("x-device-sequence", notice.deviceSequence());
                properties.setHeader("x-csp-region", notice.cspRegion().name());
                if (replayId != null) {
                    properties.setHeader("x-replay-id", replayId);
                }
                operations.send(settings.exchange(), NOTICE_KEY + lower(notice.cspRegion()),
                        new Message(CspNoticeJson.write(notice).getBytes(StandardCharsets.UTF_8), properties));
            }
            operations.waitForConfirmsOrDie(settings.confirmTimeout().toMillis());
            return null;
        });
        if (replayId == null) {
            recordDelays(batch);
        }
    }

    private static MessageProperties properties(String messageId, String schema) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding("UTF-8");
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setMessageId(messageId);
        properties.setType(schema);
        return properties;
    }

    private void refreshBacklog() {
        try {
            long head = notices.lastFeedPosition();
            long confirmed = jdbc.queryForObject("SELECT feed_position FROM csp_push_cursor WHERE name = 'notices'",
                    Long.class);
            cursor = confirmed;
            backlog = Math.max(0, head - confirmed);
        } catch (RuntimeException storeUnavailable) {
            LOG.debug("backlog not refreshed: {}", storeUnavailable.getMessage());
        }
    }

    private boolean pause(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
            return running;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String leaseOwner() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException unknown) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** The lease's holder, for a test: this node's name when it holds the lease. */
    String node() {
        return node;
    }

    static String queueOf(String exchange, CspRegion region) {
        return exchange + "." + lower(region);
    }

    static String lower(CspRegion region) {
        return region.name().toLowerCase(Locale.ROOT);
    }

    private static String describe(RuntimeException failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return failure.getClass().getSimpleName() + (root == failure ? "" : " (" + root.getClass().getSimpleName()
                + ")");
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(5_000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        try {
            // another node takes over at once rather than when the lease lapses
            jdbc.update("UPDATE csp_push_cursor SET lease_owner = NULL, lease_until = NULL WHERE name = 'notices'"
                    + " AND lease_owner = ?", node);
        } catch (RuntimeException storeUnavailable) {
            LOG.debug("push lease not released: {}", storeUnavailable.getMessage());
        }
        connections.destroy();
    }
}
