package uk.smartmeter.restricted.domain.device;

/** Whose SMI status a status fact is about: the meter itself, or the Comms Hub it is associated with. */
public enum StatusTarget {
    METER,
    COMMS_HUB
}
