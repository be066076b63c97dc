package uk.smartmeter.restricted.application.port.out;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One line of the regulator's history: an event about a device (or a refused request), who did it, on
 * both timelines, why, and the flag after it, chained by hash per device and over the whole history.
 *
 * @param globalIndex         the event's position in the store: the history's order and its cursor
 * @param deviceId            the device, or null for a refusal that named none
 * @param deviceVersion       the event's position in the device's stream; null for a refusal
 * @param deviceType          ESME or GSME, from the enrolment (null when there is no device)
 * @param cspRegion           NORTH, CENTRAL or SOUTH, from the enrolment (null when there is no device)
 * @param responsibleSupplier the device's responsible Supplier after the event, as {@code party/role}
 * @param deviceHash          the device chain's hash (null when there is no device)
 * @param eventSha256         SHA-256 of the event as stored (its type and canonical JSON): every field of the event,
 *                            those the other columns leave out included, is under the chains and the tree
 * @param globalHash          the global chain's hash
 */
public record HistoryEntry(long globalIndex, String deviceId, Long deviceVersion, String deviceType, String cspRegion,
                           String eventId, String eventType,
                           String party, String role, String actingUser, Instant effectiveAt, Instant recordedAt,
                           String reason, Boolean restrictedAfter, String responsibleSupplier, String detail,
                           String eventSha256, String deviceHash, String globalHash) {

    /** The export's columns, hashes last. */
    public static final List<String> COLUMNS = List.of("global_index", "device_id", "device_version", "device_type",
            "csp_region", "event_id",
            "event_type", "party", "role", "acting_user", "effective_at", "recorded_at", "reason", "restricted_after",
            "responsible_supplier", "detail", "event_sha256", "device_hash", "global_hash");

    /** How many of the columns are content (all but the two hashes). */
    public static final int CONTENT_COLUMNS = 17;

    /** What the hashes cover: every column but the hashes, as the export writes them. */
    public List<String> content() {
        return Arrays.asList(String.valueOf(globalIndex), deviceId, deviceVersion == null ? null : deviceVersion.toString(),
                deviceType, cspRegion, eventId, eventType, party, role, actingUser, effectiveAt == null ? null : effectiveAt.toString(),
                recordedAt.toString(), reason, restrictedAfter == null ? null : restrictedAfter.toString(),
                responsibleSupplier, detail, eventSha256);
    }

    /**
     * The entry as a leaf of the history's Merkle tree: the same content the hash chains cover, one RFC 4180
     * record in UTF-8; its leaf hash is {@code SHA-256(0x00 ‖ these bytes)}.
     */
    public byte[] leaf() {
        return uk.smartmeter.restricted.domain.history.HashChain.csvRecord(content())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public HistoryEntry withHashes(String device, String global) {
        return new HistoryEntry(globalIndex, deviceId, deviceVersion, deviceType, cspRegion, eventId, eventType, party, role, actingUser,
                effectiveAt, recordedAt, reason, restrictedAfter, responsibleSupplier, detail, eventSha256, device, global);
    }
}
