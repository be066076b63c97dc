package uk.smartmeter.restricted.application.reconciliation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import uk.smartmeter.restricted.application.port.out.DeviceEventLog;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.Mpxn;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
import uk.smartmeter.restricted.domain.device.SmiStatus;
import uk.smartmeter.restricted.domain.device.event.DeviceEnrolled;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.MeterStatusChanged;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;
import uk.smartmeter.restricted.domain.device.event.RestrictionEnded;
import uk.smartmeter.restricted.domain.device.event.SupplierChanged;
import uk.smartmeter.restricted.domain.gate.GateDenied;
import uk.smartmeter.restricted.domain.reconciliation.StoreMeter;

/**
 * The store's view of its meters at one position of the event store, from the Device events themselves (never from
 * a projection that could lag or drift): meter point, type, responsible Supplier and whether the flag is set. The
 * flag is held under the responsible Supplier, the one party that may clear it (BR3). A decommissioned or withdrawn
 * meter is left out: registration has moved on from it, and it would only be a finding of no registration.
 */
final class StoreView implements DeviceEventLog.Listener {

    private static final class State {
        final Mpxn mpxn;
        final DeviceType type;
        ResponsibleSupplier supplier;
        boolean restricted;
        SmiStatus status;

        State(DeviceEnrolled enrolled) {
            this.mpxn = enrolled.mpxn();
            this.type = enrolled.deviceType();
            this.supplier = enrolled.responsibleSupplier();
            this.status = enrolled.smiStatus();
        }
    }

    private final Map<DeviceId, State> meters = new HashMap<>();

    @Override
    public void event(long position, DeviceEvent event) {
        if (event instanceof DeviceEnrolled enrolled) {
            meters.putIfAbsent(enrolled.deviceId(), new State(enrolled));
            return;
        }
        State state = meters.get(event.deviceId());
        if (state == null) {
            return;
        }
        if (event instanceof SupplierChanged changed) {
            state.supplier = changed.gainingSupplier();
        } else if (event instanceof RestrictionApplied) {
            state.restricted = true;
        } else if (event instanceof RestrictionCleared || event instanceof RestrictionEnded) {
            state.restricted = false;
        } else if (event instanceof MeterStatusChanged changed) {
            state.status = changed.status();
        }
    }

    @Override
    public void denied(long position, GateDenied denied) {
        // a gate decision changes nothing of a meter
    }

    /** The meters still in service, in no particular order. */
    List<StoreMeter> meters() {
        List<StoreMeter> view = new ArrayList<>(meters.size());
        meters.forEach((id, state) -> {
            if (state.status != SmiStatus.DECOMMISSIONED && state.status != SmiStatus.WITHDRAWN) {
                view.add(new StoreMeter(id, state.mpxn, state.type, state.supplier,
                        state.restricted ? state.supplier.party() : null));
            }
        });
        return view;
    }
}
