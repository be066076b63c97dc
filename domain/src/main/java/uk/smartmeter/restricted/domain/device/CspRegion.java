package uk.smartmeter.restricted.domain.device;

/** The Communications Service Provider regions: North (long-range radio), Central and South (cellular). */
public enum CspRegion {
    NORTH,
    CENTRAL,
    SOUTH
}
