import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import uk.smartmeter.restricted.adapter.store.EventJson;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Attestation;
import uk.smartmeter.restricted.domain.device.ClearReason;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;

/**
 * The bare-Axon baseline for the flag commands (issue 20): the same events (RestrictionApplied, RestrictionCleared,
 * with the service's own JSON) through the same engine (Axon's JdbcEventStorageEngine on PostgreSQL, a Spring JDBC
 * transaction per command, Hikari, snapshots every 50 events as the service takes them) from an event-sourced
 * aggregate, with no HTTP, no rules beyond the toggle, and no processors. Each sender owns its meters and toggles
 * them in turn, so every command appends one event, as bench/flags.lua's requests do.
 *
 *   java -cp "$CP" bench/BareAxon.java <jdbcUrl> <senders> <meters> <warmupSeconds> <seconds>
 *
 * It creates Axon's tables in the (empty) database it is given. Prints commands/s and p50/p99 in ms.
 */
public class BareAxon {

    public record Toggle(@TargetAggregateIdentifier String meterId) {
    }

    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
            getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    public static class Meter {
        private static final Actor SUPPLIER = new Actor(PartyId.of("90-B3-D5-1F-30-01-00-00"), UserRole.IS, "bench");
        private static final ResponsibleSupplier RESPONSIBLE = new ResponsibleSupplier(
                PartyId.of("90-B3-D5-1F-30-01-00-00"), UserRole.IS);

        @AggregateIdentifier
        private String meterId;
        private boolean restricted;

        public Meter() {
        }

        @CommandHandler
        @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
        public void handle(Toggle toggle) {
            Instant now = Instant.now();
            DeviceId device = DeviceId.of(toggle.meterId());
            if (restricted) {
                org.axonframework.modelling.command.AggregateLifecycle.apply(new RestrictionCleared(device, SUPPLIER,
                        now, now, RESPONSIBLE, ClearReason.CONSUMER_REQUEST));
            } else {
                org.axonframework.modelling.command.AggregateLifecycle.apply(new RestrictionApplied(device, SUPPLIER,
                        now, now, RESPONSIBLE, new Attestation("BENCH", LocalDate.now().minusDays(1))));
            }
        }

        @EventSourcingHandler
        void on(RestrictionApplied applied) {
            meterId = applied.deviceId().value();
            restricted = true;
        }

        @EventSourcingHandler
        void on(RestrictionCleared cleared) {
            meterId = cleared.deviceId().value();
            restricted = false;
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int senders = Integer.parseInt(args[1]);
        int meters = Integer.parseInt(args[2]);
        long warmup = TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
        long measured = TimeUnit.SECONDS.toNanos(Long.parseLong(args[4]));
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(senders + 2);
        HikariDataSource dataSource = new HikariDataSource(pool);
        SpringTransactionManager transactions = new SpringTransactionManager(
                new DataSourceTransactionManager(dataSource));
        JacksonSerializer json = JacksonSerializer.builder().objectMapper(EventJson.mapper()).build();
        PersistenceExceptionResolver resolver = new JdbcSQLErrorCodesResolver();
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .snapshotSerializer(json).eventSerializer(json)
                .persistenceExceptionResolver(resolver)
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                        new SpringDataSourceConnectionProvider(dataSource)))
                .transactionManager(transactions)
                .build();
        engine.createSchema(PostgresEventTableFactory.INSTANCE);
        Configuration axon = DefaultConfigurer.defaultConfiguration()
                .configureTransactionManager(c -> transactions)
                .configureSerializer(c -> json)
                .configureEventSerializer(c -> json)
                .configureMessageSerializer(c -> json)
                .configureEmbeddedEventStore(c -> engine)
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Meter.class)
                        .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(c.snapshotter(), 50)))
                .buildConfiguration();
        axon.start();
        CommandGateway gateway = axon.commandGateway();
        long from = System.nanoTime() + warmup;
        long to = from + measured;
        AtomicLong errors = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(senders);
        for (int s = 0; s < senders; s++) {
            int sender = s;
            long[] mine = new long[4_000_000];
            latencies.add(mine);
            Thread thread = new Thread(() -> {
                int count = 0;
                for (int n = 0; ; n++) {
                    long sent = System.nanoTime();
                    if (sent > to) {
                        break;
                    }
                    int meter = sender + (n % (meters / senders)) * senders;
                    try {
                        gateway.sendAndWait(new Toggle(String.format("00-DB-BE-00-00-%02X-%02X-%02X",
                                (meter >> 16) & 0xFF, (meter >> 8) & 0xFF, meter & 0xFF)));
                    } catch (RuntimeException failed) {
                        errors.incrementAndGet();
                        continue;
                    }
                    long doneAt = System.nanoTime();
                    if (sent >= from && doneAt <= to && count < mine.length) {
                        mine[count++] = doneAt - sent;
                    }
                }
                mine[mine.length - 1] = count;
                done.countDown();
            }, "sender-" + s);
            threads.add(thread);
            thread.start();
        }
        done.await();
        int total = 0;
        for (long[] mine : latencies) {
            total += (int) mine[mine.length - 1];
        }
        long[] all = new long[total];
        int at = 0;
        for (long[] mine : latencies) {
            int count = (int) mine[mine.length - 1];
            System.arraycopy(mine, 0, all, at, count);
            at += count;
        }
        Arrays.sort(all);
        double seconds = measured / 1e9;
        System.out.printf("bare axon: %d commands in %.1f s: %.2f commands/s, p50 %.2f ms, p99 %.2f ms, %d errors%n",
                total, seconds, total / seconds, all.length == 0 ? 0 : all[all.length / 2] / 1e6,
                all.length == 0 ? 0 : all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6, errors.get());
        axon.shutdown();
        dataSource.close();
    }
}
