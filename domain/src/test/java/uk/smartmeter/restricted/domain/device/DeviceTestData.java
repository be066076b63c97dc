package uk.smartmeter.restricted.domain.device;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import uk.smartmeter.restricted.domain.device.command.ApplyRestriction;
import uk.smartmeter.restricted.domain.device.command.ChangePaymentMode;
import uk.smartmeter.restricted.domain.device.command.ChangeSiteCharacteristics;
import uk.smartmeter.restricted.domain.device.command.ChangeSmiStatus;
import uk.smartmeter.restricted.domain.device.command.ChangeSupplier;
import uk.smartmeter.restricted.domain.device.command.ChangeTenancy;
import uk.smartmeter.restricted.domain.device.command.ClearRestriction;
import uk.smartmeter.restricted.domain.device.command.EnrolDevice;
import uk.smartmeter.restricted.domain.device.event.DeviceEnrolled;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;

/**
 * Test data from the DCC Boxed inventory: A0 is an ESME, A1 a GSME, A2 their Comms Hub and A3 the
 * GSME's GPF. Time is fixed; builders start from an eligible, commissioned, credit-mode meter.
 */
public final class DeviceTestData {

    public static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    public static final Instant EARLIER = NOW.minusSeconds(86_400);
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    public static final DecisionContext CONTEXT = new DecisionContext(CLOCK, DevicePolicy.DEFAULT);

    public static final DeviceId ESME = DeviceId.of("00-DB-12-34-56-78-90-A0");
    public static final DeviceId GSME = DeviceId.of("00-DB-12-34-56-78-90-A1");
    public static final DeviceId CHF = DeviceId.of("00-DB-12-34-56-78-90-A2");
    public static final DeviceId GPF = DeviceId.of("00-DB-12-34-56-78-90-A3");

    public static final Actor DCC = Actor.of("DCC-DSP", UserRole.DCC);
    public static final ResponsibleSupplier SUPPLIER_A = ResponsibleSupplier.of("SUPPLIER-A", UserRole.IS);
    public static final ResponsibleSupplier SUPPLIER_B = ResponsibleSupplier.of("SUPPLIER-B", UserRole.IS);
    public static final ResponsibleSupplier GAS_SUPPLIER = ResponsibleSupplier.of("SUPPLIER-A", UserRole.GS);
    public static final Actor AS_SUPPLIER_A = new Actor(SUPPLIER_A.party(), UserRole.IS, "agent-17");
    public static final Actor AS_SUPPLIER_B = new Actor(SUPPLIER_B.party(), UserRole.IS, null);
    public static final Attestation ATTESTATION = new Attestation("RS-2026-0042", LocalDate.parse("2026-11-20"));

    private DeviceTestData() {
    }

    public static EnrolmentBuilder anEligibleEsme() {
        return new EnrolmentBuilder();
    }

    public static EnrolDevice anEligibleGsme() {
        return new EnrolmentBuilder().gas().build();
    }

    public static DeviceEnrolled enrolledEligibleEsme() {
        return anEligibleEsme().enrolledEvent();
    }

    public static RestrictionApplied restrictionAppliedBySupplierA() {
        return new RestrictionApplied(ESME, AS_SUPPLIER_A, EARLIER, EARLIER, SUPPLIER_A, ATTESTATION);
    }

    public static Device restrictedEsme() {
        return Device.notEnrolled(ESME).evolve(enrolledEligibleEsme()).evolve(restrictionAppliedBySupplierA());
    }

    public static Device eligibleEsme() {
        return Device.notEnrolled(ESME).evolve(enrolledEligibleEsme());
    }

    public static ApplyRestriction apply(Actor by) {
        return new ApplyRestriction(ESME, by, ATTESTATION);
    }

    public static ClearRestriction clear(Actor by) {
        return new ClearRestriction(ESME, by, ClearReason.CONSUMER_REQUEST);
    }

    public static ChangeSmiStatus meterStatus(SmiStatus status) {
        return new ChangeSmiStatus(ESME, DCC, null, StatusTarget.METER, status);
    }

    public static ChangeSmiStatus hubStatus(SmiStatus status) {
        return new ChangeSmiStatus(ESME, DCC, null, StatusTarget.COMMS_HUB, status);
    }

    public static ChangePaymentMode paymentMode(PaymentMode mode) {
        return new ChangePaymentMode(ESME, DCC, null, mode);
    }

    public static ChangeSupplier changeOfSupplierTo(ResponsibleSupplier gaining) {
        return new ChangeSupplier(ESME, DCC, null, gaining);
    }

    public static ChangeTenancy changeOfTenancy(Instant effectiveAt) {
        return new ChangeTenancy(ESME, DCC, effectiveAt);
    }

    public static ChangeSiteCharacteristics site(SiteCharacteristics site) {
        return new ChangeSiteCharacteristics(ESME, DCC, null, site);
    }

    /** Builds an enrolment fact, eligible unless told otherwise. */
    public static final class EnrolmentBuilder {
        private DeviceId id = ESME;
        private Actor actor = DCC;
        private DeviceType type = DeviceType.ESME;
        private SmetsVersion smets = SmetsVersion.SMETS2;
        private SmiStatus status = SmiStatus.COMMISSIONED;
        private SmiStatus hubStatus = SmiStatus.COMMISSIONED;
        private DeviceId gpf;
        private Mpxn mpxn = Mpxn.of("1234567890123");
        private PaymentMode paymentMode = PaymentMode.CREDIT;
        private ResponsibleSupplier supplier = SUPPLIER_A;
        private SiteCharacteristics site = SiteCharacteristics.NONE;

        public EnrolmentBuilder gas() {
            id = GSME;
            type = DeviceType.GSME;
            gpf = GPF;
            mpxn = Mpxn.of("1234567890");
            supplier = GAS_SUPPLIER;
            return this;
        }

        public EnrolmentBuilder id(DeviceId value) { id = value; return this; }
        public EnrolmentBuilder by(Actor value) { actor = value; return this; }
        public EnrolmentBuilder smets(SmetsVersion value) { smets = value; return this; }
        public EnrolmentBuilder status(SmiStatus value) { status = value; return this; }
        public EnrolmentBuilder hubStatus(SmiStatus value) { hubStatus = value; return this; }
        public EnrolmentBuilder gpf(DeviceId value) { gpf = value; return this; }
        public EnrolmentBuilder mpxn(String value) { mpxn = Mpxn.of(value); return this; }
        public EnrolmentBuilder paymentMode(PaymentMode value) { paymentMode = value; return this; }
        public EnrolmentBuilder supplier(ResponsibleSupplier value) { supplier = value; return this; }
        public EnrolmentBuilder site(SiteCharacteristics value) { site = value; return this; }

        public EnrolDevice build() {
            return new EnrolDevice(id, actor, EARLIER, type, smets, status, CHF, hubStatus, gpf, mpxn,
                    CspRegion.CENTRAL, paymentMode, supplier, site);
        }

        public DeviceEnrolled enrolledEvent() {
            return enrolledEvent(EARLIER);
        }

        public DeviceEnrolled enrolledEvent(Instant recordedAt) {
            return new DeviceEnrolled(id, actor, EARLIER, recordedAt, type, smets, status, CHF, hubStatus, gpf, mpxn,
                    CspRegion.CENTRAL, paymentMode, supplier, site);
        }
    }
}
