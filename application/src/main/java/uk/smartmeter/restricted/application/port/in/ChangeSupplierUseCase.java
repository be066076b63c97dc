package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.command.ChangeSupplier;

/** DCC systems report a Change of Supplier. */
public interface ChangeSupplierUseCase {

    Decision changeSupplier(ChangeSupplier command);
}
