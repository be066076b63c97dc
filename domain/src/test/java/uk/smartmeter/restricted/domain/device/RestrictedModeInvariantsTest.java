package uk.smartmeter.restricted.domain.device;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.smartmeter.restricted.domain.device.DeviceTestData.*;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import uk.smartmeter.restricted.domain.device.Decision.Accepted;
import uk.smartmeter.restricted.domain.device.Decision.Refused;
import uk.smartmeter.restricted.domain.device.command.ApplyRestriction;
import uk.smartmeter.restricted.domain.device.command.ChangeSupplier;
import uk.smartmeter.restricted.domain.device.command.ChangeTenancy;
import uk.smartmeter.restricted.domain.device.command.ClearRestriction;
import uk.smartmeter.restricted.domain.device.command.DeviceCommand;
import uk.smartmeter.restricted.domain.device.command.EnrolDevice;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;

/**
 * Random lives of one electricity meter: an enrolment with random facts, then random facts and
 * requests from random parties. Whatever happens, a Restricted meter is eligible, and exactly its
 * responsible Supplier can clear it.
 */
class RestrictedModeInvariantsTest {

    private static final List<ResponsibleSupplier> SUPPLIERS = List.of(SUPPLIER_A, SUPPLIER_B,
            ResponsibleSupplier.of("SUPPLIER-C", UserRole.IS));
    private static final List<Actor> PARTIES = List.of(
            Actor.of("SUPPLIER-A", UserRole.IS), Actor.of("SUPPLIER-B", UserRole.IS),
            Actor.of("SUPPLIER-C", UserRole.IS), Actor.of("SUPPLIER-A", UserRole.ES),
            Actor.of("SUPPLIER-A", UserRole.GS), Actor.of("DATA-CO", UserRole.OU), Actor.of("DNO-1", UserRole.ED),
            DCC);

    @Property(tries = 1000, seed = "20261123", edgeCases = EdgeCasesMode.NONE)
    void aRestrictedMeterIsAlwaysEligibleAndOnlyItsResponsibleSupplierCanClearIt(
            @ForAll("enrolments") EnrolDevice enrolment, @ForAll("lives") List<DeviceCommand> life) {
        Device device = Device.notEnrolled(ESME);
        boolean everRestricted = false;
        int step = 0;
        for (DeviceCommand command : prepend(enrolment, life)) {
            DecisionContext context = contextAt(step++);
            Decision decision = device.decide(command, context);
            if (decision instanceof Accepted accepted) {
                for (DeviceEvent event : accepted.events()) {
                    device = device.evolve(event);
                }
            }
            assertInvariants(device, context);
            everRestricted |= device.restricted();
        }
        Statistics.label("reached Restricted mode").collect(everRestricted);
        Statistics.label("reached Restricted mode").coverage(
                coverage -> coverage.check(true).percentage(percent -> percent > 20));
    }

    private static void assertInvariants(Device device, DecisionContext context) {
        if (!device.restricted()) {
            return;
        }
        Meter meter = device.meter();
        assertThat(meter.status()).isEqualTo(SmiStatus.COMMISSIONED);
        assertThat(meter.commsHubStatus()).isEqualTo(SmiStatus.COMMISSIONED);
        assertThat(meter.paymentMode()).isEqualTo(PaymentMode.CREDIT);
        assertThat(meter.site()).isEqualTo(SiteCharacteristics.NONE);
        assertThat(meter.smetsVersion().isSmets2OrLater()).isTrue();
        for (Actor party : PARTIES) {
            Decision clear = device.decide(new ClearRestriction(ESME, party, ClearReason.CONSUMER_REQUEST), context);
            if (party.is(meter.supplier())) {
                assertThat(((Accepted) clear).events()).singleElement().isInstanceOf(RestrictionCleared.class);
            } else {
                assertThat(((Refused) clear).code()).isEqualTo(RefusalCode.NOT_RESPONSIBLE_SUPPLIER);
            }
        }
    }

    private static DecisionContext contextAt(int step) {
        return new DecisionContext(Clock.fixed(NOW.plusSeconds(60L * step), ZoneOffset.UTC), DevicePolicy.DEFAULT);
    }

    private static List<DeviceCommand> prepend(EnrolDevice first, List<DeviceCommand> rest) {
        return Stream.concat(Stream.of(first), rest.stream()).toList();
    }

    @Provide
    Arbitrary<EnrolDevice> enrolments() {
        return Combinators.combine(mostly(SmetsVersion.SMETS2, SmetsVersion.class), statuses(), statuses(),
                        mostly(PaymentMode.CREDIT, PaymentMode.class), sites())
                .as((smets, status, hubStatus, mode, site) -> anEligibleEsme().smets(smets).status(status)
                        .hubStatus(hubStatus).paymentMode(mode).site(site).build());
    }

    @Provide
    Arbitrary<List<DeviceCommand>> lives() {
        return Arbitraries.frequencyOf(
                        Tuple.of(6, applies()),
                        Tuple.of(3, clears()),
                        Tuple.of(3, statuses().map(s -> (DeviceCommand) meterStatus(s))),
                        Tuple.of(3, statuses().map(s -> (DeviceCommand) hubStatus(s))),
                        Tuple.of(2, Arbitraries.of(PaymentMode.class).map(m -> (DeviceCommand) paymentMode(m))),
                        Tuple.of(2, changesOfSupplier()),
                        Tuple.of(2, changesOfTenancy()),
                        Tuple.of(2, sites().map(s -> (DeviceCommand) site(s))))
                .list().ofMinSize(5).ofMaxSize(40);
    }

    private static Arbitrary<SmiStatus> statuses() {
        return mostly(SmiStatus.COMMISSIONED, SmiStatus.class);
    }

    private static <T extends Enum<T>> Arbitrary<T> mostly(T usual, Class<T> type) {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(usual)), Tuple.of(1, Arbitraries.of(type)));
    }

    private static Arbitrary<SiteCharacteristics> sites() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(SiteCharacteristics.NONE)),
                Tuple.of(1, Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false),
                        Arbitraries.of(true, false)).as(SiteCharacteristics::new)));
    }

    private static Arbitrary<DeviceCommand> applies() {
        Arbitrary<Attestation> attestation = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(ATTESTATION)),
                Tuple.of(1, Arbitraries.just(new Attestation("RS-F", LocalDate.parse("2030-01-01")))),
                Tuple.of(1, Arbitraries.just((Attestation) null)));
        Arbitrary<Actor> mostlySuppliers = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(PARTIES.subList(0, 3))), Tuple.of(1, Arbitraries.of(PARTIES)));
        return Combinators.combine(mostlySuppliers, attestation)
                .as((party, att) -> new ApplyRestriction(ESME, party, att));
    }

    private static Arbitrary<DeviceCommand> clears() {
        return Combinators.combine(Arbitraries.of(PARTIES), Arbitraries.of(ClearReason.class))
                .as((party, reason) -> new ClearRestriction(ESME, party, reason));
    }

    private static Arbitrary<DeviceCommand> changesOfSupplier() {
        return Arbitraries.of(SUPPLIERS).map(s -> new ChangeSupplier(ESME, DCC, null, s));
    }

    private static Arbitrary<DeviceCommand> changesOfTenancy() {
        Arbitrary<Instant> backDated = Arbitraries.longs().between(0, 14 * 86_400L).map(NOW::minusSeconds);
        return backDated.injectNull(0.5).map(at -> new ChangeTenancy(ESME, DCC, at));
    }
}
