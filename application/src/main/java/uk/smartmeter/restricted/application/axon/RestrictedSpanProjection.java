package uk.smartmeter.restricted.application.axon;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import uk.smartmeter.restricted.application.port.out.RestrictedSpans;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.history.RestrictedTimeline;

/**
 * Keeps {@link RestrictedSpans}: when a batch commits, each meter it touched has its spans laid out again from its
 * whole stream ({@link RestrictedTimeline#of}), in the same transaction as the processor's token. A span is a
 * function of the meter's stream alone, so a batch handled twice, a replay, or an event the stream holds before the
 * processor reaches it all give the same rows; the order in which meters are reached does not matter.
 */
public final class RestrictedSpanProjection {

    public static final String PROCESSING_GROUP = "restricted-spans";
    private static final String PENDING = RestrictedSpanProjection.class.getName() + ".pending";

    private final RestrictedSpans spans;
    private final uk.smartmeter.restricted.application.port.out.MeterPoints meterPoints;
    private final Function<DeviceId, List<DeviceEvent>> streams;

    /**
     * @param meterPoints the MPxNs each meter was enrolled with, kept from the same streams
     * @param streams     a meter's events in the order they were recorded
     */
    public RestrictedSpanProjection(RestrictedSpans spans,
                                    uk.smartmeter.restricted.application.port.out.MeterPoints meterPoints,
                                    Function<DeviceId, List<DeviceEvent>> streams) {
        this.spans = spans;
        this.meterPoints = meterPoints;
        this.streams = streams;
    }

    @EventHandler
    void on(DeviceEvent event) {
        pending().add(event.deviceId());
    }

    @ResetHandler
    void reset() {
        spans.clear();
        meterPoints.clear();
    }

    private void flush(Set<DeviceId> touched) {
        List<RestrictedTimeline.Span> laidOut = new ArrayList<>();
        java.util.Map<DeviceId, Set<uk.smartmeter.restricted.domain.device.Mpxn>> mpxns = new java.util.HashMap<>();
        for (DeviceId device : touched) {
            List<DeviceEvent> stream = streams.apply(device);
            laidOut.addAll(RestrictedTimeline.of(device, stream));
            for (DeviceEvent event : stream) {
                if (event instanceof uk.smartmeter.restricted.domain.device.event.DeviceEnrolled enrolled
                        && enrolled.mpxn() != null) {
                    mpxns.computeIfAbsent(device, id -> new java.util.TreeSet<>(
                            java.util.Comparator.comparing(uk.smartmeter.restricted.domain.device.Mpxn::value)))
                            .add(enrolled.mpxn());
                }
            }
        }
        spans.replace(touched, laidOut);
        meterPoints.replace(touched, mpxns);
    }

    private Set<DeviceId> pending() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING, key -> {
            Set<DeviceId> touched = new LinkedHashSet<>();
            batch.onPrepareCommit(u -> flush(touched));
            return touched;
        });
    }
}
