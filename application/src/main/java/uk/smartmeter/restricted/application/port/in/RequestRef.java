package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * Who sent the request the gate is asked about, and its identifier (a DUIS RequestID, or an alert's
 * own reference). The DSP can implement this on its own message objects, so asking the gate allocates
 * nothing; it is read only when a denial's receipt is written. Sender and role may be null for alerts.
 */
public interface RequestRef {

    String requestId();

    PartyId sender();

    UserRole senderRole();

    static RequestRef of(String requestId, PartyId sender, UserRole senderRole) {
        return new Of(requestId, sender, senderRole);
    }

    record Of(String requestId, PartyId sender, UserRole senderRole) implements RequestRef {
    }
}
