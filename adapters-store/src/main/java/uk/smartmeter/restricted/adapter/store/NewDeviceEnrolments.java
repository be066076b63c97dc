package uk.smartmeter.restricted.adapter.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.jdbc.datasource.DataSourceUtils;
import uk.smartmeter.restricted.application.axon.DecideOnDevice;
import uk.smartmeter.restricted.application.axon.DeviceAggregate;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.DecisionContext;
import uk.smartmeter.restricted.domain.device.Device;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.command.DeviceCommand;
import uk.smartmeter.restricted.domain.device.command.EnrolDevice;
import uk.smartmeter.restricted.domain.device.event.DeviceEnrolled;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;

/**
 * The bulk import's path for meters the store has never seen (ADR 0049). A chunk's device IDs are looked up in one
 * query; a meter with no stream is decided by the domain exactly as the aggregate would decide it
 * ({@link Device#notEnrolled}, then {@link Device#decide}), its identities are claimed in one batch
 * ({@link JdbcDeviceIdentities#claimAllNew}), and its events are appended at sequence 0 with the metadata Axon's
 * command path gives them. A meter that has a stream goes through
 * the aggregate as before. Nothing is weakened: the store's unique key on (device, sequence) and
 * {@code device_identity}'s primary key still decide a race with another writer, and a chunk that loses one fails
 * whole, so the import enrols it again line by line through the aggregate.
 */
final class NewDeviceEnrolments {

    /** The aggregate type Axon writes for a device's stream (the aggregate class's simple name). */
    static final String AGGREGATE_TYPE = DeviceAggregate.class.getSimpleName();

    private final DataSource dataSource;
    private final EventStore eventStore;
    private final DecisionContext context;
    private final List<CorrelationDataProvider> correlation;

    NewDeviceEnrolments(DataSource dataSource, EventStore eventStore, DecisionContext context,
                        List<CorrelationDataProvider> correlation) {
        this.dataSource = dataSource;
        this.eventStore = eventStore;
        this.context = context;
        this.correlation = List.copyOf(correlation);
    }

    /** Whether this path takes the batch: enrolments only, of distinct meters, more than one. */
    static boolean takes(List<? extends DeviceCommand> commands) {
        if (commands.size() < 2) {
            return false;
        }
        Set<DeviceId> seen = new HashSet<>();
        for (DeviceCommand command : commands) {
            if (!(command instanceof EnrolDevice) || !seen.add(command.deviceId())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decides the batch in order, in the caller's unit of work and transaction: a meter the store has never seen
     * here, any other through {@code aggregate}.
     */
    List<CommandOutcome> enrol(List<? extends DeviceCommand> commands, Function<DeviceCommand, CommandOutcome> aggregate) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            Set<String> stored = stored(connection, commands);
            List<CommandOutcome> outcomes = new ArrayList<>(commands.size());
            List<DeviceEnrolled> claims = new ArrayList<>();
            for (DeviceCommand command : commands) {
                if (stored.contains(command.deviceId().value())) {
                    outcomes.add(aggregate.apply(command));
                    continue;
                }
                Device device = Device.notEnrolled(command.deviceId());
                Decision decision = device.decide(command, context);
                if (decision instanceof Decision.Accepted accepted) {
                    MetaData metaData = metaDataOf(command);
                    List<GenericDomainEventMessage<?>> messages = new ArrayList<>(accepted.events().size());
                    long sequence = 0;
                    for (DeviceEvent event : accepted.events()) {
                        if (event instanceof DeviceEnrolled enrolled) {
                            claims.add(enrolled);
                        }
                        messages.add(new GenericDomainEventMessage<>(AGGREGATE_TYPE, command.deviceId().value(),
                                sequence++, event, metaData));
                        device = device.evolve(event);
                    }
                    eventStore.publish(messages);
                }
                outcomes.add(new CommandOutcome(decision, device));
            }
            JdbcDeviceIdentities.claimAllNew(connection, claims);
            return outcomes;
        } catch (SQLException failed) {
            throw new IllegalStateException("the import's chunk could not be enrolled", failed);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** What Axon's correlation interceptor would give the events of this command's own command message. */
    private MetaData metaDataOf(DeviceCommand command) {
        var message = GenericCommandMessage.asCommandMessage(DecideOnDevice.of(command));
        MetaData metaData = MetaData.emptyInstance();
        for (CorrelationDataProvider provider : correlation) {
            metaData = metaData.mergedWith(provider.correlationDataFor(message));
        }
        return metaData;
    }

    private static Set<String> stored(Connection connection, List<? extends DeviceCommand> commands)
            throws SQLException {
        StringBuilder sql = new StringBuilder(
                "SELECT DISTINCT aggregateIdentifier FROM DomainEventEntry WHERE aggregateIdentifier IN (");
        for (int i = 0; i < commands.size(); i++) {
            sql.append(i == 0 ? "?" : ",?");
        }
        Set<String> stored = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement(sql.append(')').toString())) {
            if (query.isWrapperFor(org.postgresql.PGStatement.class)) {
                // planned for its values every time: a plan cached while the store was small scans the whole table
                query.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
            }
            for (int i = 0; i < commands.size(); i++) {
                query.setString(i + 1, commands.get(i).deviceId().value());
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
        }
        return stored;
    }
}
