package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.command.ChangePaymentMode;

/** DCC systems report a meter's new payment mode. */
public interface ChangePaymentModeUseCase {

    CommandOutcome changePaymentMode(ChangePaymentMode command, ExpectedVersion expected);

    default CommandOutcome changePaymentMode(ChangePaymentMode command) {
        return changePaymentMode(command, ExpectedVersion.any());
    }
}
