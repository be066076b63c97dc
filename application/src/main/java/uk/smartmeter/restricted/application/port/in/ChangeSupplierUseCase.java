package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.command.ChangeSupplier;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.application.port.out.ExpectedVersion;

/** DCC systems report a Change of Supplier. */
public interface ChangeSupplierUseCase {

    CommandOutcome changeSupplier(ChangeSupplier command, ExpectedVersion expected);

    default CommandOutcome changeSupplier(ChangeSupplier command) {
        return changeSupplier(command, ExpectedVersion.any());
    }
}
