package uk.smartmeter.restricted.application.port.out;

/**
 * Where a device's chain stands: its last hash, and the device's flag, Supplier, type and region after
 * that entry.
 */
public record DeviceHead(String hash, boolean restricted, String responsibleSupplier, String deviceType,
                         String cspRegion) {
}
