package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.command.ChangePaymentMode;

/** DCC systems report a meter's new payment mode. */
public interface ChangePaymentModeUseCase {

    Decision changePaymentMode(ChangePaymentMode command);
}
