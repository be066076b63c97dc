package uk.smartmeter.restricted.application.axon;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import uk.smartmeter.restricted.application.port.out.CspNoticeStore;
import uk.smartmeter.restricted.domain.csp.CspDevice;
import uk.smartmeter.restricted.domain.csp.CspNotice;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.event.CommsHubStatusChanged;
import uk.smartmeter.restricted.domain.device.event.DeviceEnrolled;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;
import uk.smartmeter.restricted.domain.device.event.RestrictionEnded;

/**
 * Makes the CSP notices (MP169 BR5) from the Device events, in its own processing group. The events
 * of a batch are noted as they arrive; when the batch commits, the meters' states are read in one
 * query, each event is decided by {@link CspDevice#on}, and the notices and states are written in the
 * same transaction as the processor's token, so notices and position move together and a batch
 * redelivered after a failure writes nothing twice. After the commit the publisher is woken.
 */
public final class CspNoticeProjection {

    public static final String PROCESSING_GROUP = "csp-notices";
    private static final String PENDING = CspNoticeProjection.class.getName() + ".pending";

    private final CspNoticeStore store;
    private final Runnable afterCommit;

    /** @param afterCommit told once a batch that made notices has committed (wakes the publisher) */
    public CspNoticeProjection(CspNoticeStore store, Runnable afterCommit) {
        this.store = store;
        this.afterCommit = afterCommit;
    }

    private record Noted(DeviceEvent event, String eventId, long globalPosition) {
    }

    @EventHandler
    void on(DeviceEvent event, TrackingToken token, EventMessage<?> message) {
        if (event instanceof DeviceEnrolled || event instanceof CommsHubStatusChanged
                || event instanceof RestrictionApplied || event instanceof RestrictionCleared
                || event instanceof RestrictionEnded) {
            long position = GlobalIndex.of(token);
            pending().add(new Noted(event, message.getIdentifier(), position));
        }
    }

    private void flush(List<Noted> batch) {
        Set<DeviceId> ids = new LinkedHashSet<>();
        batch.forEach(noted -> ids.add(noted.event().deviceId()));
        Map<DeviceId, CspDevice> known = new HashMap<>(store.devices(ids));
        Map<DeviceId, CspDevice> changed = new LinkedHashMap<>();
        List<CspNotice> notices = new ArrayList<>();
        long feedPosition = store.lastFeedPosition();
        Map<uk.smartmeter.restricted.domain.device.CspRegion, Long> regionPositions =
                new java.util.EnumMap<>(uk.smartmeter.restricted.domain.device.CspRegion.class);
        regionPositions.putAll(store.lastRegionPositions());
        for (Noted noted : batch) {
            DeviceEvent event = noted.event();
            CspDevice device = known.get(event.deviceId());
            CspDevice next;
            if (event instanceof DeviceEnrolled enrolled) {
                next = device != null ? device : CspDevice.enrolled(enrolled);
            } else if (device == null) {
                throw new IllegalStateException("a " + event.getClass().getSimpleName() + " for "
                        + event.deviceId() + " arrived before its enrolment");
            } else {
                long regionPosition = regionPositions.getOrDefault(device.cspRegion(), 0L) + 1;
                CspDevice.Step step = device.on(event, noted.eventId(), noted.globalPosition(), feedPosition + 1,
                        regionPosition);
                if (step.notice() != null) {
                    notices.add(step.notice());
                    feedPosition++;
                    regionPositions.put(step.notice().cspRegion(), step.notice().regionPosition());
                }
                next = step.device();
            }
            if (!next.equals(device)) {
                known.put(next.deviceId(), next);
                changed.put(next.deviceId(), next);
            }
        }
        if (!changed.isEmpty()) {
            store.append(notices, changed.values());
        }
    }

    private List<Noted> pending() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING, key -> {
            List<Noted> noted = new ArrayList<>();
            batch.onPrepareCommit(u -> flush(noted));
            batch.afterCommit(u -> afterCommit.run());
            return noted;
        });
    }
}
