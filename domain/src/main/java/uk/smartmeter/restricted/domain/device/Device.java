package uk.smartmeter.restricted.domain.device;

import static uk.smartmeter.restricted.domain.device.Decision.refuse;
import static uk.smartmeter.restricted.domain.device.Decision.unchanged;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.stream.Collectors;
import uk.smartmeter.restricted.domain.device.command.ApplyRestriction;
import uk.smartmeter.restricted.domain.device.command.ChangePaymentMode;
import uk.smartmeter.restricted.domain.device.command.ChangeSiteCharacteristics;
import uk.smartmeter.restricted.domain.device.command.ChangeSmiStatus;
import uk.smartmeter.restricted.domain.device.command.ChangeSupplier;
import uk.smartmeter.restricted.domain.device.command.ChangeTenancy;
import uk.smartmeter.restricted.domain.device.command.ClearRestriction;
import uk.smartmeter.restricted.domain.device.command.DeviceCommand;
import uk.smartmeter.restricted.domain.device.command.DeviceFact;
import uk.smartmeter.restricted.domain.device.command.EnrolDevice;
import uk.smartmeter.restricted.domain.device.event.CommsHubStatusChanged;
import uk.smartmeter.restricted.domain.device.event.DeviceEnrolled;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.MeterStatusChanged;
import uk.smartmeter.restricted.domain.device.event.PaymentModeChanged;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;
import uk.smartmeter.restricted.domain.device.event.RestrictionEnded;
import uk.smartmeter.restricted.domain.device.event.SiteCharacteristicsChanged;
import uk.smartmeter.restricted.domain.device.event.SupplierChanged;
import uk.smartmeter.restricted.domain.device.event.TenancyChanged;

/**
 * A smart meter's Restricted-mode lifecycle (SEC modification MP169).
 *
 * <p>A meter exists here once the DCC enrols it. From then on the DCC feeds facts (SMI status of the
 * meter and its Comms Hub, payment mode, Change of Supplier, Change of Tenancy, site
 * characteristics), which are accepted whatever the flag says. Its responsible Supplier may apply
 * Restricted mode once the meter is eligible and all reasonable steps are attested, and may clear
 * it. The flag survives a Change of Supplier; it ends by itself on a Change of Tenancy (by policy)
 * and whenever a fact makes the meter ineligible, so that a Restricted meter is always
 * commissioned, behind a commissioned hub, in credit mode, SMETS2+ and free of exemptions.
 *
 * <p>{@link #decide} turns a command into events or a refusal and never changes state;
 * {@link #evolve} folds one event into a new state and never refuses.
 *
 * @param version     sequence number of the last event folded in; -1 before the first
 * @param meter       what is known about the meter; {@code null} until it is enrolled
 * @param restriction the flag while it is set; {@code null} when it is not
 */
public record Device(DeviceId id, long version, Meter meter, Restriction restriction) {

    public Device {
        Objects.requireNonNull(id, "device ID is required");
    }

    public static Device notEnrolled(DeviceId id) {
        return new Device(id, -1, null, null);
    }

    public static Device replay(DeviceId id, Iterable<? extends DeviceEvent> history) {
        Device device = notEnrolled(id);
        for (DeviceEvent event : history) {
            device = device.evolve(event);
        }
        return device;
    }

    public boolean enrolled() {
        return meter != null;
    }

    public boolean restricted() {
        return restriction != null;
    }

    /** Every MP169 rule the meter currently breaks; empty when it is eligible for Restricted mode. */
    public List<Ineligibility> ineligibilities() {
        if (!enrolled()) {
            throw new IllegalStateException("an unenrolled device has no eligibility");
        }
        return RestrictedModeEligibility.ineligibilities(meter);
    }

    // ---------------------------------------------------------------- decide

    public Decision decide(DeviceCommand command, DecisionContext context) {
        if (!command.deviceId().equals(id)) {
            throw new IllegalArgumentException("command for " + command.deviceId() + " sent to device " + id);
        }
        // the history's precision, the microsecond, from intake on: what the history shows is what was decided
        Instant now = context.clock().instant().truncatedTo(ChronoUnit.MICROS);
        if (command instanceof DeviceFact fact) {
            return decideFact(fact, now, context.policy());
        }
        if (!enrolled()) {
            return refuse(RefusalCode.DEVICE_NOT_ENROLLED, "no meter " + id + " is enrolled");
        }
        if (command instanceof ApplyRestriction apply) {
            return applyRestriction(apply, now);
        }
        if (command instanceof ClearRestriction clear) {
            return clearRestriction(clear, now);
        }
        throw new IllegalArgumentException("unknown command " + command.name());
    }

    private Decision decideFact(DeviceFact fact, Instant now, DevicePolicy policy) {
        if (fact.actor().role() != UserRole.DCC) {
            return refuse(RefusalCode.NOT_DCC_SYSTEM, "inventory and registration facts come from DCC systems only");
        }
        Instant effective = fact.effectiveAt() == null ? now : fact.effectiveAt().truncatedTo(ChronoUnit.MICROS);
        if (effective.isAfter(now)) {
            return refuse(RefusalCode.EFFECTIVE_TIME_IN_FUTURE,
                    "effectiveAt " + effective + " is after the time of recording " + now);
        }
        if (fact instanceof EnrolDevice enrol) {
            return enrol(enrol, effective, now);
        }
        if (!enrolled()) {
            return refuse(RefusalCode.DEVICE_NOT_ENROLLED, "no meter " + id + " is enrolled");
        }
        Stamp stamp = new Stamp(fact.actor(), effective, now);
        if (fact instanceof ChangeSmiStatus change) {
            return changeSmiStatus(change, stamp);
        }
        if (fact instanceof ChangePaymentMode change) {
            return change.paymentMode() == meter.paymentMode() ? unchanged()
                    : thenEndIfIneligible(new PaymentModeChanged(id, stamp.actor, stamp.effective, stamp.recorded,
                            change.paymentMode()), stamp);
        }
        if (fact instanceof ChangeSupplier change) {
            return changeSupplier(change, stamp);
        }
        if (fact instanceof ChangeTenancy) {
            return changeTenancy(stamp, policy);
        }
        if (fact instanceof ChangeSiteCharacteristics change) {
            return change.siteCharacteristics().equals(meter.site()) ? unchanged()
                    : thenEndIfIneligible(new SiteCharacteristicsChanged(id, stamp.actor, stamp.effective,
                            stamp.recorded, change.siteCharacteristics()), stamp);
        }
        throw new IllegalArgumentException("unknown fact " + fact.name());
    }

    private Decision enrol(EnrolDevice enrol, Instant effective, Instant now) {
        DeviceType type = enrol.deviceType();
        if (!enrol.responsibleSupplier().supplies(type)) {
            return refuse(RefusalCode.SUPPLIER_ROLE_DOES_NOT_MATCH_FUEL,
                    "the responsible Supplier of a meter of type " + type + " acts as " + type.supplierRole());
        }
        if (!enrol.mpxn().fits(type)) {
            return refuse(RefusalCode.MPXN_DOES_NOT_MATCH_FUEL,
                    type == DeviceType.ESME ? "an ESME needs a 13-digit MPAN core" : "a GSME needs a 6 to 10 digit MPRN");
        }
        if ((type == DeviceType.GSME) != (enrol.gpfId() != null)) {
            return refuse(RefusalCode.GPF_DOES_NOT_MATCH_FUEL,
                    "a GSME is enrolled with its GPF ID, and an ESME without one");
        }
        if (enrol.gpfId() != null && (enrol.gpfId().equals(id) || enrol.gpfId().equals(enrol.commsHubId()))) {
            return refuse(RefusalCode.DEVICE_ID_IN_USE, "a GSME's GPF has an ID of its own, neither the meter's nor"
                    + " its Comms Hub's");
        }
        DeviceEnrolled enrolled = new DeviceEnrolled(id, enrol.actor(), effective, now, type, enrol.smetsVersion(),
                enrol.smiStatus(), enrol.commsHubId(), enrol.commsHubStatus(), enrol.gpfId(), enrol.mpxn(),
                enrol.cspRegion(), enrol.paymentMode(), enrol.responsibleSupplier(), enrol.siteCharacteristics());
        if (enrolled()) {
            return meterFrom(enrolled).equals(meter) ? unchanged()
                    : refuse(RefusalCode.DEVICE_ALREADY_ENROLLED, "meter " + id + " is already enrolled with other facts");
        }
        return Decision.accept(enrolled);
    }

    private Decision changeSmiStatus(ChangeSmiStatus change, Stamp stamp) {
        if (change.target() == StatusTarget.METER) {
            return change.status() == meter.status() ? unchanged()
                    : thenEndIfIneligible(new MeterStatusChanged(id, stamp.actor, stamp.effective, stamp.recorded,
                            change.status()), stamp);
        }
        return change.status() == meter.commsHubStatus() ? unchanged()
                : thenEndIfIneligible(new CommsHubStatusChanged(id, stamp.actor, stamp.effective, stamp.recorded,
                        meter.commsHubId(), change.status()), stamp);
    }

    private Decision changeSupplier(ChangeSupplier change, Stamp stamp) {
        ResponsibleSupplier gaining = change.gainingSupplier();
        if (!gaining.supplies(meter.type())) {
            return refuse(RefusalCode.SUPPLIER_ROLE_DOES_NOT_MATCH_FUEL,
                    "the responsible Supplier of a meter of type " + meter.type() + " acts as "
                            + meter.type().supplierRole());
        }
        if (gaining.equals(meter.supplier())) {
            return refuse(RefusalCode.GAINING_SUPPLIER_ALREADY_RESPONSIBLE,
                    "the gaining Supplier is already responsible for meter " + id);
        }
        return Decision.accept(
                new SupplierChanged(id, stamp.actor, stamp.effective, stamp.recorded, meter.supplier(), gaining));
    }

    /** A new tenancy, and the end of the flag when {@link ChangeOfTenancy} says so. */
    private Decision changeTenancy(Stamp stamp, DevicePolicy policy) {
        TenancyChanged changed = new TenancyChanged(id, stamp.actor, stamp.effective, stamp.recorded);
        if (!ChangeOfTenancy.endsTheFlag(restriction, stamp.effective, policy)) {
            return Decision.accept(changed);
        }
        return Decision.accept(changed, new RestrictionEnded(id, stamp.actor, stamp.effective, stamp.recorded,
                RestrictionEndReason.CHANGE_OF_TENANCY, meter.supplier()));
    }

    /**
     * Appends the fact and, when it leaves a Restricted meter ineligible, the end of the restriction.
     * A back-dated fact cannot end the flag before it began, so the end takes effect no earlier than
     * the restriction's start.
     */
    private Decision thenEndIfIneligible(DeviceEvent fact, Stamp stamp) {
        Device after = evolve(fact);
        if (!after.restricted() || after.ineligibilities().isEmpty()) {
            return Decision.accept(fact);
        }
        Instant endsAt = stamp.effective.isBefore(restriction.since()) ? restriction.since() : stamp.effective;
        Ineligibility cause = after.ineligibilities().get(0);
        return Decision.accept(fact, new RestrictionEnded(id, stamp.actor, endsAt, stamp.recorded,
                cause.endReason(), after.meter.supplier()));
    }

    private Decision applyRestriction(ApplyRestriction apply, Instant now) {
        if (!isResponsibleSupplier(apply.actor())) {
            return notResponsible();
        }
        if (restricted()) {
            return unchanged();
        }
        List<Ineligibility> broken = ineligibilities();
        if (!broken.isEmpty()) {
            return refuse(broken.get(0).refusalCode(), "meter " + id + " is not eligible for Restricted mode: "
                    + broken.stream().map(Enum::name).collect(Collectors.joining(", ")));
        }
        Optional<Refusal> steps = AllReasonableSteps.refusal(apply.attestation(), now);
        if (steps.isPresent()) {
            return new Decision.Refused(steps.get());
        }
        return Decision.accept(new RestrictionApplied(id, apply.actor(), now, now, meter.supplier(),
                apply.attestation()));
    }

    private Decision clearRestriction(ClearRestriction clear, Instant now) {
        if (!isResponsibleSupplier(clear.actor())) {
            return notResponsible();
        }
        if (!restricted()) {
            return unchanged();
        }
        return Decision.accept(new RestrictionCleared(id, clear.actor(), now, now, meter.supplier(), clear.reason()));
    }

    /** Only the responsible Supplier, acting in the fuel's supplier role, may add or remove the flag (BR3). */
    public boolean isResponsibleSupplier(Actor actor) {
        return enrolled() && actor.is(meter.supplier());
    }

    private Decision notResponsible() {
        return refuse(RefusalCode.NOT_RESPONSIBLE_SUPPLIER,
                "only the meter's responsible Supplier may apply or clear Restricted mode");
    }

    // ---------------------------------------------------------------- evolve

    public Device evolve(DeviceEvent event) {
        long next = version + 1;
        if (event instanceof DeviceEnrolled enrolled) {
            return new Device(id, next, meterFrom(enrolled), null);
        }
        if (event instanceof MeterStatusChanged changed) {
            return new Device(id, next, meter.withStatus(changed.status()), restriction);
        }
        if (event instanceof CommsHubStatusChanged changed) {
            return new Device(id, next, meter.withCommsHubStatus(changed.status()), restriction);
        }
        if (event instanceof PaymentModeChanged changed) {
            return new Device(id, next, meter.withPaymentMode(changed.paymentMode()), restriction);
        }
        if (event instanceof SupplierChanged changed) {
            return new Device(id, next, meter.withSupplier(changed.gainingSupplier()), restriction);
        }
        if (event instanceof SiteCharacteristicsChanged changed) {
            return new Device(id, next, meter.withSite(changed.siteCharacteristics()), restriction);
        }
        if (event instanceof TenancyChanged) {
            return new Device(id, next, meter, restriction);
        }
        if (event instanceof RestrictionApplied applied) {
            return new Device(id, next, meter,
                    new Restriction(applied.effectiveAt(), applied.supplier(), applied.attestation()));
        }
        if (event instanceof RestrictionCleared || event instanceof RestrictionEnded) {
            return new Device(id, next, meter, null);
        }
        throw new IllegalArgumentException("unknown event " + event.getClass().getSimpleName());
    }

    private static Meter meterFrom(DeviceEnrolled e) {
        return new Meter(e.deviceType(), e.smetsVersion(), e.smiStatus(), e.commsHubId(), e.commsHubStatus(),
                e.gpfId(), e.mpxn(), e.cspRegion(), e.paymentMode(), e.responsibleSupplier(), e.siteCharacteristics());
    }

    /** Who and when, shared by the events one fact produces. */
    private record Stamp(Actor actor, Instant effective, Instant recorded) {
    }
}
