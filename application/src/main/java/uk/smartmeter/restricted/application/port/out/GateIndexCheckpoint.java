package uk.smartmeter.restricted.application.port.out;

import uk.smartmeter.restricted.domain.device.DeviceType;

/**
 * The gate index's durable checkpoint: one row per Restricted meter, written in the transaction of the
 * checkpoint processor's token, so that the rows and the token always describe the same point of the store.
 */
public interface GateIndexCheckpoint {

    /** The meter is Restricted from this device version; {@code gpf} is a gas meter's GPF (0 for none). */
    void restricted(long meter, DeviceType type, long version, long gpf);

    /** The meter's restriction ended at this device version. */
    void ended(long meter, long version);
}
