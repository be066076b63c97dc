package uk.smartmeter.restricted.application.port.out;

import java.util.Optional;
import uk.smartmeter.restricted.domain.device.DeviceId;

/**
 * Which device each ID belongs to, across devices: a meter's own ID, and a gas meter's GPF. One ID is one
 * device's, so that no enrolment can make a meter the GPF of another gas meter, nor give two gas meters one
 * GPF (the gate's flag on one would then be cleared by the other). A claim is made in the enrolment's own
 * transaction, so two concurrent enrolments cannot both take an ID.
 */
public interface DeviceIdentities {

    /** No ID is taken: for tests of the aggregate alone. */
    DeviceIdentities NONE_TAKEN = (meter, gpf) -> Optional.empty();

    /**
     * Claims {@code meter} as a meter's ID and, when given, {@code gpf} as that meter's GPF. Empty when both are
     * now the meter's (newly or already); otherwise why not, and nothing is claimed.
     */
    Optional<String> claim(DeviceId meter, DeviceId gpf);
}
