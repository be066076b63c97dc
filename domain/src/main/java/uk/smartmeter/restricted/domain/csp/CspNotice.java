package uk.smartmeter.restricted.domain.csp;

import java.time.Instant;
import java.util.Objects;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;

/**
 * What a Communications Service Provider is told when a meter's flag changes (MP169 BR5): schema
 * {@value #SCHEMA}. The notice's ID is the ID of the event that changed the flag, so a notice sent
 * twice carries the same ID. {@code regionPosition} (1, 2, 3, … per region, dense) is the region's feed
 * cursor: it tells a CSP nothing of what the other regions were told. {@code feedPosition} orders all
 * notices across regions and {@code globalPosition} is the event's place in the event store; both stay
 * inside the service (neither is in the notice's JSON). {@code deviceSequence} (1, 2, 3, … per meter)
 * lets a CSP see a gap or a reversal for one meter.
 *
 * @param change      what happened to the flag
 * @param restricted  the flag after the change
 * @param reason      {@code CONSUMER_CHOICE} for an application; the clear reason or the automatic end's reason
 * @param gpfId       the gas meter's Gas Proxy Function, null for electricity
 */
public record CspNotice(
        String noticeId,
        long feedPosition,
        long regionPosition,
        long globalPosition,
        DeviceId deviceId,
        long deviceSequence,
        DeviceType deviceType,
        DeviceId commsHubId,
        DeviceId gpfId,
        CspRegion cspRegion,
        Change change,
        boolean restricted,
        String reason,
        Instant effectiveAt,
        Instant recordedAt) {

    /**
     * The versioned name of this notice's JSON schema (docs/csp-notice-v2.schema.json). v2 replaced v1's
     * global {@code feedPosition} and {@code globalPosition} with the region's own {@code regionPosition}.
     */
    public static final String SCHEMA = "restricted-mode/csp-notice/v2";
    /** The reason given when a Supplier applies the flag: the consumer chose Restricted mode. */
    public static final String CONSUMER_CHOICE = "CONSUMER_CHOICE";

    /** How the flag changed. */
    public enum Change {
        /** The responsible Supplier applied Restricted mode. */
        APPLIED,
        /** The responsible Supplier cleared it. */
        CLEARED,
        /** It ended without a Supplier's request: Change of Tenancy, prepayment, an exemption, a status change. */
        ENDED
    }

    public CspNotice {
        Objects.requireNonNull(noticeId, "notice ID is required");
        Objects.requireNonNull(deviceId, "device ID is required");
        Objects.requireNonNull(deviceType, "device type is required");
        Objects.requireNonNull(commsHubId, "Comms Hub ID is required");
        Objects.requireNonNull(cspRegion, "CSP region is required");
        Objects.requireNonNull(change, "change is required");
        Objects.requireNonNull(reason, "reason is required");
        Objects.requireNonNull(effectiveAt, "effective time is required");
        Objects.requireNonNull(recordedAt, "recorded time is required");
        if (feedPosition < 1 || regionPosition < 1) {
            throw new IllegalArgumentException("feed and region positions start at 1");
        }
        if (regionPosition > feedPosition) {
            throw new IllegalArgumentException("a region's position is never past the feed's");
        }
        if (globalPosition < 0) {
            throw new IllegalArgumentException("a global position is never negative");
        }
        if (deviceSequence < 1) {
            throw new IllegalArgumentException("a device's notices are numbered from 1");
        }
        if (restricted != (change == Change.APPLIED)) {
            throw new IllegalArgumentException("only an application leaves the meter Restricted");
        }
    }
}
