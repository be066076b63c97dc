package uk.smartmeter.restricted.application.axon;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import org.axonframework.messaging.MetaData;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;
import uk.smartmeter.restricted.domain.device.event.RestrictionEnded;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.DecisionContext;
import uk.smartmeter.restricted.domain.device.Device;
import uk.smartmeter.restricted.domain.device.RefusalCode;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;

/**
 * The thin Axon binding of {@link Device}: load by event sourcing, forward the command to
 * {@link Device#decide}, apply what it decides, and fold events with {@link Device#evolve}.
 * Every command may meet a device that does not exist yet; the domain then decides (an enrolment
 * creates it, anything else is refused and appends nothing). A command based on a version that is
 * no longer current is refused under the aggregate's lock, unless the domain refuses the party
 * access to the device (not enrolled, not responsible): that refusal comes first, so a stale If-Match
 * reveals nothing to a party that has no business with the device.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class DeviceAggregate {

    @AggregateIdentifier
    private String deviceId;
    private Device device;

    protected DeviceAggregate() {
        // for Axon and the snapshot serializer
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public CommandOutcome handle(DecideOnDevice command, DecisionContext context,
                                 uk.smartmeter.restricted.application.port.out.DeviceIdentities identities) {
        Device current = device != null ? device : Device.notEnrolled(command.command().deviceId());
        Decision decision = current.decide(command.command(), context);
        boolean accessRefused = decision instanceof Decision.Refused refused && refused.code().refusesAccess();
        if (!accessRefused && command.expectedVersion() != null && command.expectedVersion() != current.version()) {
            return new CommandOutcome(Decision.refuse(RefusalCode.CONCURRENT_UPDATE, "device " + current.id()
                    + " is at version " + current.version() + ", not " + command.expectedVersion()
                    + "; read it again and retry"), current);
        }
        if (decision instanceof Decision.Accepted accepted) {
            for (Object event : accepted.events()) {
                if (event instanceof uk.smartmeter.restricted.domain.device.event.DeviceEnrolled enrolled) {
                    // one ID, one device: claimed in this command's transaction, before anything is applied
                    var taken = identities.claim(enrolled.deviceId(), enrolled.gpfId());
                    if (taken.isPresent()) {
                        return new CommandOutcome(Decision.refuse(RefusalCode.DEVICE_ID_IN_USE, taken.get()), current);
                    }
                }
            }
            DeviceId gpf = current.meter() == null ? null : current.meter().gpfId();
            for (Object event : accepted.events()) {
                if (gpf != null && (event instanceof RestrictionApplied || event instanceof RestrictionCleared
                        || event instanceof RestrictionEnded)) {
                    // what the gate index needs to reach the GPF, so that it keeps nothing per unrestricted meter
                    AggregateLifecycle.apply(event, MetaData.with(GateIndexFeed.GPF_METADATA, gpf.value()));
                } else {
                    AggregateLifecycle.apply(event);
                }
            }
        }
        return new CommandOutcome(decision, device != null ? device : current);
    }

    @EventSourcingHandler
    void on(DeviceEvent event) {
        if (device == null) {
            deviceId = event.deviceId().value();
            device = Device.notEnrolled(event.deviceId());
        }
        device = device.evolve(event);
    }
}
