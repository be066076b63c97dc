package uk.smartmeter.restricted.domain.device;

/**
 * Choices MP169 leaves to the implementation.
 *
 * @param clearRestrictionOnChangeOfTenancy end the restriction when the tenancy changes (the Working
 *                                          Group's preference; on by default)
 */
public record DevicePolicy(boolean clearRestrictionOnChangeOfTenancy) {

    public static final DevicePolicy DEFAULT = new DevicePolicy(true);
}
