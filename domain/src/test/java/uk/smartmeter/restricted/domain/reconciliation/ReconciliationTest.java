package uk.smartmeter.restricted.domain.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.Mpxn;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
import uk.smartmeter.restricted.domain.device.UserRole;

/** F14, by hand: one case for each mismatch kind, the line in force, and the order of a listing. */
class ReconciliationTest {

    private static final Instant MAY = Instant.parse("2026-05-01T00:00:00Z");
    private static final Instant JUNE = Instant.parse("2026-06-01T00:00:00Z");
    private static final PartyId A = PartyId.of("SUPPLIER-A");
    private static final PartyId B = PartyId.of("SUPPLIER-B");

    private static StoreMeter electricity(String device, String mpan, PartyId supplier, boolean restricted) {
        return new StoreMeter(DeviceId.of(device), Mpxn.of(mpan), DeviceType.ESME,
                new ResponsibleSupplier(supplier, UserRole.IS), restricted ? supplier : null);
    }

    private static StoreMeter gas(String device, String mprn, PartyId supplier) {
        return new StoreMeter(DeviceId.of(device), Mpxn.of(mprn), DeviceType.GSME,
                new ResponsibleSupplier(supplier, UserRole.GS), null);
    }

    private static Registration line(long line, String mpxn, boolean electricity, PartyId supplier, UserRole role,
                                     Instant from) {
        return new Registration(line, Mpxn.of(mpxn), electricity, supplier, role, from);
    }

    private static Map<MismatchKind, List<Mismatch>> reconcile(List<StoreMeter> store, Registration... lines) {
        Reconciliation reconciliation = new Reconciliation(store);
        for (Registration line : lines) {
            reconciliation.offer(line);
        }
        return reconciliation.findings();
    }

    @Test
    void aMeterWhoseRegistrationAgreesIsNoFinding() {
        var found = reconcile(List.of(electricity("00-DB-12-34-56-78-00-01", "1234567890123", A, true)),
                line(1, "1234567890123", true, A, UserRole.IS, MAY));

        assertThat(Reconciliation.counts(found)).allSatisfy((kind, count) -> assertThat(count).as(kind.name()).isZero());
    }

    @Test
    void aRestrictedMeterWhoseRegisteredSupplierChangedUnseenIsBothAMissedChangeAndAFlagUnderTheWrongSupplier() {
        var found = reconcile(List.of(electricity("00-DB-12-34-56-78-00-01", "1234567890123", A, true)),
                line(7, "1234567890123", true, B, UserRole.IS, JUNE));

        Mismatch missed = found.get(MismatchKind.CHANGE_OF_SUPPLIER_NOT_RECEIVED).get(0);
        assertThat(missed.line()).isEqualTo(7);
        assertThat(missed.correction()).contains("/supplier-changes").contains("SUPPLIER-B").contains(JUNE.toString());
        Mismatch flag = found.get(MismatchKind.FLAG_UNDER_UNREGISTERED_SUPPLIER).get(0);
        assertThat(flag.restricted()).isTrue();
        assertThat(flag.detail()).contains("SUPPLIER-A").contains("SUPPLIER-B");
    }

    @Test
    void anUnrestrictedMeterWithAMissedChangeOfSupplierIsNotAFlagFinding() {
        var found = reconcile(List.of(electricity("00-DB-12-34-56-78-00-01", "1234567890123", A, false)),
                line(1, "1234567890123", true, B, UserRole.IS, JUNE));

        assertThat(found.get(MismatchKind.CHANGE_OF_SUPPLIER_NOT_RECEIVED)).hasSize(1);
        assertThat(found.get(MismatchKind.FLAG_UNDER_UNREGISTERED_SUPPLIER)).isEmpty();
    }

    @Test
    void aMeterPointTheStoreDoesNotKnowIsMpxnUnknown() {
        var found = reconcile(List.of(), line(3, "9999999999999", true, A, UserRole.IS, MAY));

        Mismatch unknown = found.get(MismatchKind.MPXN_UNKNOWN).get(0);
        assertThat(unknown.deviceId()).isNull();
        assertThat(unknown.line()).isEqualTo(3);
        assertThat(unknown.correction()).contains("POST /api/v1/devices");
    }

    @Test
    void aStoreMeterThatRegistrationDoesNotListIsNoRegistration() {
        var found = reconcile(List.of(gas("00-DB-12-34-56-78-00-02", "1234567890", A)));

        Mismatch none = found.get(MismatchKind.NO_REGISTRATION).get(0);
        assertThat(none.deviceId()).isEqualTo(DeviceId.of("00-DB-12-34-56-78-00-02"));
        assertThat(none.line()).isZero();
    }

    @Test
    void aFuelOrRoleThatDoesNotFitIsAFuelOrRoleMismatchAndNothingElse() {
        var found = reconcile(List.of(gas("00-DB-12-34-56-78-00-02", "1234567890", A),
                        electricity("00-DB-12-34-56-78-00-03", "1234567890124", A, true)),
                line(1, "1234567890", true, B, UserRole.IS, MAY),
                line(2, "1234567890124", true, A, UserRole.ES, MAY));

        assertThat(found.get(MismatchKind.FUEL_OR_ROLE_MISMATCH)).extracting(m -> m.deviceId().value())
                .containsExactly("00-DB-12-34-56-78-00-03", "00-DB-12-34-56-78-00-02");
        assertThat(found.get(MismatchKind.CHANGE_OF_SUPPLIER_NOT_RECEIVED)).as("a mismatch of fuel says nothing of who")
                .isEmpty();
    }

    @Test
    void theLineInForceIsTheLatestEffectiveAndOfEqualOnesTheLaterInTheInput() {
        StoreMeter meter = electricity("00-DB-12-34-56-78-00-01", "1234567890123", A, false);
        var latestAgrees = reconcile(List.of(meter), line(1, "1234567890123", true, B, UserRole.IS, MAY),
                line(2, "1234567890123", true, A, UserRole.IS, JUNE), line(3, "1234567890123", true, B, UserRole.IS, MAY));
        var laterLineWins = reconcile(List.of(meter), line(1, "1234567890123", true, A, UserRole.IS, JUNE),
                line(2, "1234567890123", true, B, UserRole.IS, JUNE));

        assertThat(latestAgrees.get(MismatchKind.CHANGE_OF_SUPPLIER_NOT_RECEIVED)).isEmpty();
        assertThat(laterLineWins.get(MismatchKind.CHANGE_OF_SUPPLIER_NOT_RECEIVED)).extracting(Mismatch::line)
                .containsExactly(2L);
    }

    @Test
    void aListingPutsRestrictedMetersFirstAndAReRunFindsTheSame() {
        List<StoreMeter> store = List.of(electricity("00-DB-12-34-56-78-00-01", "1000000000001", A, false),
                electricity("00-DB-12-34-56-78-00-02", "1000000000002", A, true),
                electricity("00-DB-12-34-56-78-00-03", "1000000000003", A, false),
                electricity("00-DB-12-34-56-78-00-04", "1000000000004", A, true));
        Registration[] lines = {line(1, "1000000000001", true, B, UserRole.IS, MAY),
                line(2, "1000000000002", true, B, UserRole.IS, MAY), line(3, "1000000000003", true, B, UserRole.IS, MAY),
                line(4, "1000000000004", true, B, UserRole.IS, MAY)};

        var first = reconcile(store, lines);

        assertThat(first.get(MismatchKind.CHANGE_OF_SUPPLIER_NOT_RECEIVED)).extracting(m -> m.mpxn().value())
                .containsExactly("1000000000002", "1000000000004", "1000000000001", "1000000000003");
        assertThat(reconcile(store, lines)).isEqualTo(first);
    }

    @Test
    void aLineEffectiveAfterTheReconciliationIsNotYetInForce() {
        StoreMeter meter = electricity("00-DB-12-34-56-78-00-01", "1234567890123", A, false);
        Reconciliation reconciliation = new Reconciliation(List.of(meter), MAY.plusSeconds(1));
        reconciliation.offer(line(1, "1234567890123", true, A, UserRole.IS, MAY));
        reconciliation.offer(line(2, "1234567890123", true, B, UserRole.IS, JUNE));

        assertThat(reconciliation.findings().get(MismatchKind.CHANGE_OF_SUPPLIER_NOT_RECEIVED))
                .as("a Change of Supplier registered for June has not happened in May").isEmpty();
        assertThat(reconciliation.notYetInForce()).isEqualTo(1);
    }

    @Test
    void ofEqualEffectiveTimesTheLineOfTheLaterInputIsInForceWhateverItsLineNumber() {
        StoreMeter meter = electricity("00-DB-12-34-56-78-00-01", "1234567890123", A, false);
        Reconciliation reconciliation = new Reconciliation(List.of(meter));
        reconciliation.offer(new Registration(800_000, 0, Mpxn.of("1234567890123"), true, A, UserRole.IS, JUNE));
        reconciliation.offer(new Registration(1, 1, Mpxn.of("1234567890123"), true, B, UserRole.IS, JUNE));

        assertThat(reconciliation.findings().get(MismatchKind.CHANGE_OF_SUPPLIER_NOT_RECEIVED))
                .as("the delta read after the snapshot names B").extracting(Mismatch::line).containsExactly(1L);
    }

    @Test
    void aDeltaMakesNoNoRegistrationFindingForThePointsItDoesNotList() {
        List<StoreMeter> store = List.of(electricity("00-DB-12-34-56-78-00-01", "1234567890123", A, false),
                gas("00-DB-12-34-56-78-00-02", "1234567", A));
        Reconciliation delta = new Reconciliation(store, Instant.MAX, RegistrationScope.DELTA, List.of("day.csv"));
        delta.offer(line(4, "1234567890123", true, B, UserRole.IS, MAY));
        Reconciliation snapshot = new Reconciliation(store, Instant.MAX, RegistrationScope.SNAPSHOT,
                List.of("all.csv"));
        snapshot.offer(line(4, "1234567890123", true, B, UserRole.IS, MAY));

        var inDelta = delta.findings();
        assertThat(inDelta.get(MismatchKind.NO_REGISTRATION)).isEmpty();
        assertThat(inDelta.get(MismatchKind.CHANGE_OF_SUPPLIER_NOT_RECEIVED)).singleElement()
                .satisfies(m -> assertThat(m.file() + ":" + m.line()).isEqualTo("day.csv:4"));
        assertThat(snapshot.findings().get(MismatchKind.NO_REGISTRATION)).singleElement().satisfies(m -> {
            assertThat(m.mpxn()).isEqualTo(Mpxn.of("1234567"));
            assertThat(m.file()).isNull();
            assertThat(m.line()).isZero();
        });
    }
}
