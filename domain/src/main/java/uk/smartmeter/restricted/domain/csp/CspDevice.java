package uk.smartmeter.restricted.domain.csp;

import java.util.Objects;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.event.CommsHubStatusChanged;
import uk.smartmeter.restricted.domain.device.event.DeviceEnrolled;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;
import uk.smartmeter.restricted.domain.device.event.RestrictionEnded;

/**
 * What the CSP notices need to know of a meter between its flag changes: where it is, through which
 * Comms Hub, whether it is Restricted, and how many notices it has had. A Change of Supplier or any
 * other fact that leaves the flag alone sends nothing.
 */
public record CspDevice(DeviceId deviceId, DeviceType deviceType, DeviceId commsHubId, DeviceId gpfId,
                        CspRegion cspRegion, boolean restricted, long sequence) {

    public CspDevice {
        Objects.requireNonNull(deviceId, "device ID is required");
        Objects.requireNonNull(deviceType, "device type is required");
        Objects.requireNonNull(commsHubId, "Comms Hub ID is required");
        Objects.requireNonNull(cspRegion, "CSP region is required");
        if (sequence < 0) {
            throw new IllegalArgumentException("a notice count is never negative");
        }
    }

    /** A meter as enrolled: not Restricted, no notices yet. */
    public static CspDevice enrolled(DeviceEnrolled e) {
        return new CspDevice(e.deviceId(), e.deviceType(), e.commsHubId(), e.gpfId(), e.cspRegion(), false, 0);
    }

    /** The device after an event, and the notice the event sends (null when the flag did not change). */
    public record Step(CspDevice device, CspNotice notice) {
    }

    /**
     * Decides what an event means to the CSPs. {@code eventId} and {@code globalPosition} are the
     * event's, so that a notice derived twice from one event is the same notice; {@code feedPosition}
     * and {@code regionPosition} are the places the notice takes in the whole feed and in its region's, if
     * the event makes one.
     */
    public Step on(DeviceEvent event, String eventId, long globalPosition, long feedPosition, long regionPosition) {
        if (event instanceof CommsHubStatusChanged hub && !hub.commsHubId().equals(commsHubId)) {
            return new Step(new CspDevice(deviceId, deviceType, hub.commsHubId(), gpfId, cspRegion, restricted,
                    sequence), null);
        }
        CspNotice.Change change;
        String reason;
        if (event instanceof RestrictionApplied) {
            change = CspNotice.Change.APPLIED;
            reason = CspNotice.CONSUMER_CHOICE;
        } else if (event instanceof RestrictionCleared cleared) {
            change = CspNotice.Change.CLEARED;
            reason = cleared.reason().name();
        } else if (event instanceof RestrictionEnded ended) {
            change = CspNotice.Change.ENDED;
            reason = ended.reason().name();
        } else {
            return new Step(this, null);
        }
        boolean after = change == CspNotice.Change.APPLIED;
        if (after == restricted) {
            return new Step(this, null);
        }
        CspDevice next = new CspDevice(deviceId, deviceType, commsHubId, gpfId, cspRegion, after, sequence + 1);
        CspNotice notice = new CspNotice(eventId, feedPosition, regionPosition, globalPosition, deviceId, next.sequence, deviceType, commsHubId,
                gpfId, cspRegion, change, after, reason, event.effectiveAt(), event.recordedAt());
        return new Step(next, notice);
    }
}
