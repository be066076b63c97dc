package uk.smartmeter.restricted.adapter.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import uk.smartmeter.restricted.application.port.out.GateReceipt;
import uk.smartmeter.restricted.application.port.out.GateReceipts;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.gate.GateDenied;
import uk.smartmeter.restricted.domain.gate.GateVerdict;

/** Denial receipts in the {@code gate_receipt} table: a batch is one transaction, committed before the answer. */
final class JdbcGateReceipts implements GateReceipts {

    private static final String INSERT = "INSERT INTO gate_receipt (request_id, sender_party, sender_role, question,"
            + " srv, alert_code, device_id, verdict, response_code, flag_meter, flag_version, decided_at,"
            + " catalogue_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String WITH_FLAG_EVENT = "SELECT r.*, e.eventIdentifier, e.payloadType FROM gate_receipt r"
            + " LEFT JOIN DomainEventEntry e ON e.aggregateIdentifier = r.flag_meter"
            + " AND e.sequenceNumber = r.flag_version";
    private static final String BY_REQUEST = WITH_FLAG_EVENT + " WHERE r.request_id = ? ORDER BY r.receipt_number";
    private static final String BY_DEVICE = WITH_FLAG_EVENT + " WHERE (r.device_id = ? OR r.flag_meter = ?)"
            + " AND r.receipt_number > ? ORDER BY r.receipt_number FETCH FIRST ? ROWS ONLY";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final EventGateway events;

    JdbcGateReceipts(JdbcTemplate jdbc, TransactionTemplate transaction, EventGateway events) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.events = events;
    }

    /**
     * The receipts' rows and their {@link GateDenied} events (for the regulators' history) in one
     * transaction: the event store joins the Spring transaction, so both are written or neither.
     */
    @Override
    public void record(List<GateReceipt> receipts) {
        transaction.executeWithoutResult(status -> {
            jdbc.batchUpdate(INSERT, receipts, receipts.size(), JdbcGateReceipts::bind);
            events.publish(receipts.stream().map(JdbcGateReceipts::denied).toList());
        });
    }

    private static GateDenied denied(GateReceipt r) {
        return new GateDenied(r.requestId(), r.device(), r.flagMeter(), r.flagVersion(), r.sender(), r.senderRole(),
                r.question(), r.srv(), r.alertCode(), r.verdict().responseCode(), r.decidedAt(), r.catalogueVersion());
    }

    private static void bind(PreparedStatement row, GateReceipt receipt) throws SQLException {
        row.setString(1, receipt.requestId());
        row.setString(2, receipt.sender() == null ? null : receipt.sender().value());
        row.setString(3, receipt.senderRole() == null ? null : receipt.senderRole().name());
        row.setString(4, receipt.question());
        row.setString(5, receipt.srv());
        if (receipt.alertCode() == null) {
            row.setNull(6, Types.INTEGER);
        } else {
            row.setInt(6, receipt.alertCode());
        }
        row.setString(7, receipt.device().value());
        row.setString(8, receipt.verdict().name());
        row.setString(9, receipt.verdict().responseCode());
        row.setString(10, receipt.flagMeter() == null ? null : receipt.flagMeter().value());
        if (receipt.flagVersion() == null) {
            row.setNull(11, Types.BIGINT);
        } else {
            row.setLong(11, receipt.flagVersion());
        }
        row.setTimestamp(12, Timestamp.from(receipt.decidedAt()));
        row.setString(13, receipt.catalogueVersion());
    }

    @Override
    public List<GateReceipt.Recorded> forRequest(String requestId) {
        return jdbc.query(BY_REQUEST, (rs, n) -> recorded(rs), requestId);
    }

    @Override
    public List<GateReceipt.Recorded> forDevice(String deviceId, long after, int limit) {
        return jdbc.query(BY_DEVICE, (rs, n) -> recorded(rs), deviceId, deviceId, after, limit);
    }

    private static GateReceipt.Recorded recorded(ResultSet rs) throws SQLException {
        String party = rs.getString("sender_party");
        String role = rs.getString("sender_role");
        String flagMeter = rs.getString("flag_meter");
        long flagVersion = rs.getLong("flag_version");
        Long version = rs.wasNull() ? null : flagVersion;
        int alert = rs.getInt("alert_code");
        Integer alertCode = rs.wasNull() ? null : alert;
        GateReceipt receipt = new GateReceipt(rs.getString("request_id"), party == null ? null : PartyId.of(party),
                role == null ? null : UserRole.valueOf(role), rs.getString("question"), rs.getString("srv"), alertCode,
                new DeviceId(rs.getString("device_id")), GateVerdict.valueOf(rs.getString("verdict")),
                flagMeter == null ? null : new DeviceId(flagMeter), version,
                rs.getTimestamp("decided_at").toInstant(), rs.getString("catalogue_version"));
        String payloadType = rs.getString("payloadType");
        return new GateReceipt.Recorded(rs.getLong("receipt_number"), receipt, rs.getString("eventIdentifier"),
                payloadType == null ? null : payloadType.substring(payloadType.lastIndexOf('.') + 1));
    }
}
