package uk.smartmeter.restricted.domain.gate;

import uk.smartmeter.restricted.domain.device.DeviceType;

/**
 * On which meters an SRV carries the consumer's consumption data. One SRV can read different data on
 * different meters: 4.10 reads voltage on an ESME but the gas network sampling log on a GSME.
 */
public enum ConsumptionScope {
    ALL,
    ESME,
    GSME,
    NONE;

    /** A read aimed at a gas meter's GPF counts as the gas meter: the GPF holds its data. */
    public boolean carriesConsumptionFor(DeviceType meter) {
        return switch (this) {
            case ALL -> true;
            case ESME -> meter == DeviceType.ESME;
            case GSME -> meter == DeviceType.GSME;
            case NONE -> false;
        };
    }
}
