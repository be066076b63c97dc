package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.command.ChangePaymentMode;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.application.port.out.ExpectedVersion;

/** DCC systems report a meter's new payment mode. */
public interface ChangePaymentModeUseCase {

    CommandOutcome changePaymentMode(ChangePaymentMode command, ExpectedVersion expected);

    default CommandOutcome changePaymentMode(ChangePaymentMode command) {
        return changePaymentMode(command, ExpectedVersion.any());
    }
}
