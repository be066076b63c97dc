package uk.smartmeter.restricted.adapter.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;
import uk.smartmeter.restricted.application.port.out.DeviceIdentities;
import uk.smartmeter.restricted.domain.device.DeviceId;

/**
 * {@link DeviceIdentities} in {@code device_identity}, on the connection of the command's transaction. A claim
 * inserts under a savepoint, so an ID already taken (or being taken by a concurrent enrolment, which the
 * primary key makes this one wait for) rolls back only the insert, never the command's transaction.
 */
public final class JdbcDeviceIdentities implements DeviceIdentities {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcDeviceIdentities.class);
    private static final String METER = "METER";
    private static final String GPF = "GPF";

    private final DataSource dataSource;

    public JdbcDeviceIdentities(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<String> claim(DeviceId meter, DeviceId gpf) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return claim(connection, meter, gpf);
        } catch (SQLException failed) {
            throw new IllegalStateException("device identities could not be claimed", failed);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** What claiming one ID came to: newly this meter's, already this meter's, or another's (why). */
    private record Claimed(boolean inserted, String taken) {
    }

    private static Claimed claim(Connection connection, DeviceId id, String kind, DeviceId meter)
            throws SQLException {
        Savepoint before = connection.getAutoCommit() ? null : connection.setSavepoint();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO device_identity (identity_id, kind, meter_id) VALUES (?, ?, ?)")) {
            insert.setString(1, id.value());
            insert.setString(2, kind);
            insert.setString(3, meter.value());
            insert.executeUpdate();
            if (before != null) {
                connection.releaseSavepoint(before);
            }
            return new Claimed(true, null);
        } catch (SQLException taken) {
            if (!"23505".equals(taken.getSQLState())) {
                throw taken;
            }
            if (before != null) {
                connection.rollback(before);
            }
        }
        try (PreparedStatement owner = connection.prepareStatement(
                "SELECT kind, meter_id FROM device_identity WHERE identity_id = ?")) {
            owner.setString(1, id.value());
            try (ResultSet row = owner.executeQuery()) {
                row.next();
                String heldAs = row.getString(1);
                String heldBy = row.getString(2);
                if (heldAs.equals(kind) && heldBy.equals(meter.value())) {
                    return new Claimed(false, null);
                }
                return new Claimed(false, id + (METER.equals(kind) ? " is already "
                        : " cannot be this gas meter's GPF: it is already ")
                        + (METER.equals(heldAs) ? "an enrolled meter's ID" : "the GPF of another gas meter"));
            }
        }
    }

    /**
     * Claims the IDs (meter, and GPF when given) of meters new to the store, in one batch with no savepoints, on the
     * caller's transaction: an ID already held (or being taken by a concurrent enrolment, which the primary key makes
     * this one wait for) fails the batch, and the whole transaction with it (the bulk import then enrols its chunk
     * line by line through {@link #claim(DeviceId, DeviceId)}, which says why).
     */
    static void claimAllNew(Connection connection,
                            java.util.List<uk.smartmeter.restricted.domain.device.event.DeviceEnrolled> enrolments)
            throws SQLException {
        if (enrolments.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO device_identity (identity_id, kind, meter_id) VALUES (?, ?, ?)")) {
            for (var enrolled : enrolments) {
                addClaim(insert, enrolled.deviceId(), METER, enrolled.deviceId());
                if (enrolled.gpfId() != null) {
                    addClaim(insert, enrolled.gpfId(), GPF, enrolled.deviceId());
                }
            }
            insert.executeBatch();
        }
    }

    private static void addClaim(PreparedStatement insert, DeviceId id, String kind, DeviceId meter)
            throws SQLException {
        insert.setString(1, id.value());
        insert.setString(2, kind);
        insert.setString(3, meter.value());
        insert.addBatch();
    }

    private static void release(Connection connection, DeviceId meter) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM device_identity WHERE identity_id = ? AND kind = 'METER' AND meter_id = ?")) {
            delete.setString(1, meter.value());
            delete.setString(2, meter.value());
            delete.executeUpdate();
        }
    }

    /**
     * Once, after the migration that made the table: claims the IDs of every enrolment already in the store, in
     * store order (a first claim wins; a later conflicting one, which the service no longer accepts, is logged).
     */
    public void fillFromTheStore(ObjectMapper json) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement done = connection.prepareStatement(
                    "SELECT detail FROM device_identity_state WHERE name = 'filled'");
                 ResultSet row = done.executeQuery()) {
                if (row.next()) {
                    return;
                }
            }
            int claimed = 0;
            int conflicts = 0;
            try (PreparedStatement enrolments = connection.prepareStatement("SELECT payload FROM DomainEventEntry"
                    + " WHERE payloadType LIKE '%DeviceEnrolled' ORDER BY globalIndex")) {
                enrolments.setFetchSize(1000);
                try (ResultSet rows = enrolments.executeQuery()) {
                    while (rows.next()) {
                        JsonNode event = json.readTree(rows.getBytes(1));
                        DeviceId meter = DeviceId.of(event.get("deviceId").asText());
                        JsonNode gpf = event.get("gpfId");
                        Optional<String> taken = claim(connection, meter,
                                gpf == null || gpf.isNull() ? null : DeviceId.of(gpf.asText()));
                        if (taken.isPresent()) {
                            conflicts++;
                            LOG.warn("enrolment of {} in the store conflicts: {}", meter, taken.get());
                        } else {
                            claimed++;
                        }
                    }
                }
            }
            try (PreparedStatement mark = connection.prepareStatement(
                    "INSERT INTO device_identity_state (name, detail) VALUES ('filled', ?)")) {
                mark.setString(1, claimed + " claimed, " + conflicts + " conflicting");
                mark.executeUpdate();
            }
            connection.commit();
            LOG.info("device identities filled from the store: {} enrolments claimed, {} conflicting", claimed, conflicts);
        } catch (SQLException | java.io.IOException failed) {
            throw new IllegalStateException("device identities could not be filled from the store", failed);
        }
    }

    /**
     * The meter's ID, then its GPF. A GPF that is taken leaves nothing claimed: the meter's own row goes again,
     * but only if this claim inserted it (a row the meter already held stays).
     */
    private static Optional<String> claim(Connection connection, DeviceId meter, DeviceId gpf) throws SQLException {
        Claimed own = claim(connection, meter, METER, meter);
        if (own.taken() != null || gpf == null) {
            return Optional.ofNullable(own.taken());
        }
        Claimed proxy = claim(connection, gpf, GPF, meter);
        if (proxy.taken() != null && own.inserted()) {
            release(connection, meter);
        }
        return Optional.ofNullable(proxy.taken());
    }
}
