package uk.smartmeter.restricted.domain.device.command;

import java.time.Instant;

/**
 * Inventory and registration facts that DCC systems feed in. Facts are never refused because of
 * Restricted mode; they are refused only when malformed or impossible.
 */
public sealed interface DeviceFact extends DeviceCommand
        permits EnrolDevice, ChangeSmiStatus, ChangePaymentMode, ChangeSupplier, ChangeTenancy,
        ChangeSiteCharacteristics {

    /** When the fact took effect; {@code null} means "now". May be earlier than now (back-dated). */
    Instant effectiveAt();
}
