package uk.smartmeter.restricted.application.history;

/** Where a device's chain stands: its last hash, and the device's flag and Supplier after that entry. */
public record DeviceHead(String hash, boolean restricted, String responsibleSupplier) {
}
