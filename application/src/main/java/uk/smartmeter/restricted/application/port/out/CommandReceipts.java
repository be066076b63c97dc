package uk.smartmeter.restricted.application.port.out;

import java.util.Optional;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.RefusalCode;

/**
 * What a device command sent under an {@code Idempotency-Key} came to, written in the command's own
 * transaction: so a retry after a crash learns for certain whether the command happened, and how.
 */
public interface CommandReceipts {

    /**
     * The device, the versions before and after (equal when nothing was appended), and the refusal if any.
     */
    record Receipt(DeviceId device, long versionBefore, long versionAfter, RefusalCode refusal, String detail) {
    }

    Optional<Receipt> find(IdempotentRequest.Key key);

    /**
     * Records the receipt in the transaction that appends the command's events. A key is used once: a
     * second record for it fails, and that transaction with it.
     */
    void record(IdempotentRequest.Key key, Receipt receipt);

    /** Whether the failure is a second record for a key already used. */
    boolean isKeyAlreadyUsed(RuntimeException failure);
}
