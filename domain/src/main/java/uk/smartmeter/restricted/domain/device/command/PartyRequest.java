package uk.smartmeter.restricted.domain.device.command;

/** Requests a party makes about the flag. They take effect when recorded. */
public sealed interface PartyRequest extends DeviceCommand permits ApplyRestriction, ClearRestriction {
}
