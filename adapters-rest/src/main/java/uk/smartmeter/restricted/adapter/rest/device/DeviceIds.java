package uk.smartmeter.restricted.adapter.rest.device;

/** The EUI-64 pattern as documented for clients (separators and either case are accepted and normalised). */
final class DeviceIds {

    static final String PATTERN = "^[0-9A-Fa-f]{2}([-:]?[0-9A-Fa-f]{2}){7}$";

    private DeviceIds() {
    }
}
