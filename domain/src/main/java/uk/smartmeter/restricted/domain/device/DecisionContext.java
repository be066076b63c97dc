package uk.smartmeter.restricted.domain.device;

import java.time.Clock;
import java.util.Objects;

/** What a decision needs besides the device and the command: the time and the policy. */
public record DecisionContext(Clock clock, DevicePolicy policy) {

    public DecisionContext {
        Objects.requireNonNull(clock, "clock is required");
        Objects.requireNonNull(policy, "policy is required");
    }
}
