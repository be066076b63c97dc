package uk.smartmeter.restricted.domain.device;

/**
 * The kinds of device that carry the Restricted flag. MP169 puts the flag on meters only, so only
 * meters are enrolled here; Comms Hubs and GPFs appear as attributes of their meter.
 */
public enum DeviceType {
    /** Electricity Smart Metering Equipment; its responsible Supplier acts as IS. */
    ESME(UserRole.IS),
    /** Gas Smart Metering Equipment; its responsible Supplier acts as GS. */
    GSME(UserRole.GS);

    private final UserRole supplierRole;

    DeviceType(UserRole supplierRole) {
        this.supplierRole = supplierRole;
    }

    /** The role in which this fuel's responsible Supplier acts. */
    public UserRole supplierRole() {
        return supplierRole;
    }
}
