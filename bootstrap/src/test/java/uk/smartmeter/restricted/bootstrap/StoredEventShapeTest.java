package uk.smartmeter.restricted.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static uk.smartmeter.restricted.domain.device.DeviceTestData.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import uk.smartmeter.restricted.domain.device.ClearReason;
import uk.smartmeter.restricted.domain.device.PaymentMode;
import uk.smartmeter.restricted.domain.device.RefusalCode;
import uk.smartmeter.restricted.domain.device.RestrictionEndReason;
import uk.smartmeter.restricted.domain.device.SiteCharacteristics;
import uk.smartmeter.restricted.domain.device.SmiStatus;
import uk.smartmeter.restricted.domain.device.event.CommsHubStatusChanged;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.MeterStatusChanged;
import uk.smartmeter.restricted.domain.device.event.PaymentModeChanged;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.event.RequestRefused;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;
import uk.smartmeter.restricted.domain.device.event.RestrictionEnded;
import uk.smartmeter.restricted.domain.device.event.SiteCharacteristicsChanged;
import uk.smartmeter.restricted.domain.device.event.SupplierChanged;
import uk.smartmeter.restricted.domain.device.event.TenancyChanged;
import uk.smartmeter.restricted.adapter.store.EventJson;

/**
 * Stored events are permanent history: their JSON must never change shape by accident. Each event
 * type has a committed example under {@code src/test/resources/event-schema}; the serializer must
 * produce exactly that, and read it back to the same event. A deliberate change means a new event
 * type or an upcaster, not an edit of these files.
 */
class StoredEventShapeTest {

    private static final ObjectMapper STORED_FORM = EventJson.mapper();

    static Stream<Object> oneOfEachStoredEvent() {
        return Stream.of(
                enrolledEligibleEsme(),
                anEligibleEsme().gas().enrolledEvent(),
                new MeterStatusChanged(ESME, DCC, EARLIER, NOW, SmiStatus.SUSPENDED),
                new CommsHubStatusChanged(ESME, DCC, EARLIER, NOW, CHF, SmiStatus.DECOMMISSIONED),
                new PaymentModeChanged(ESME, DCC, EARLIER, NOW, PaymentMode.PREPAYMENT),
                new SupplierChanged(ESME, DCC, EARLIER, NOW, SUPPLIER_A, SUPPLIER_B),
                new TenancyChanged(ESME, DCC, EARLIER, NOW),
                new SiteCharacteristicsChanged(ESME, DCC, EARLIER, NOW, new SiteCharacteristics(true, false, true)),
                restrictionAppliedBySupplierA(),
                new RestrictionCleared(ESME, AS_SUPPLIER_A, NOW, NOW, SUPPLIER_A, ClearReason.CONSUMER_REQUEST),
                new RestrictionEnded(ESME, DCC, NOW, NOW, RestrictionEndReason.CHANGE_OF_TENANCY, SUPPLIER_A),
                new RequestRefused(ESME, AS_SUPPLIER_B, "ApplyRestriction", RefusalCode.NOT_RESPONSIBLE_SUPPLIER.name(),
                        "only the meter's responsible Supplier may apply or clear Restricted mode", NOW),
                new uk.smartmeter.restricted.domain.gate.GateDenied("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1000",
                        ESME, ESME, 2L, SUPPLIER_B.party(), UserRole.ED, "SERVICE_REQUEST", "4.1.1", null, "R1", NOW, "1"),
                new uk.smartmeter.restricted.domain.gate.CatalogueAdopted("adopt-2", "2", "ab".repeat(32), NOW, DCC,
                        EARLIER),
                new uk.smartmeter.restricted.domain.reconciliation.RegistrationReconciled("css-1", DCC, EARLIER, NOW,
                        "DONE", null, List.of(new uk.smartmeter.restricted.domain.reconciliation.RegistrationReconciled
                        .Input("css.csv", "cd".repeat(32), 10, 1)), 42, java.util.Map.of(
                        uk.smartmeter.restricted.domain.reconciliation.MismatchKind.NO_REGISTRATION, 2L),
                        java.util.Map.of(uk.smartmeter.restricted.domain.reconciliation.MismatchKind.NO_REGISTRATION,
                        1L), uk.smartmeter.restricted.domain.reconciliation.RegistrationScope.DELTA,
                        java.util.Map.of("json", "ef".repeat(32))));
    }

    @ParameterizedTest
    @MethodSource("oneOfEachStoredEvent")
    void anEventIsStoredInItsCommittedShapeAndReadsBackUnchanged(Object event) throws Exception {
        String name = fileNameOf(event);
        // the bytes as stored, read back: a tree built straight from the object would tell a long 2 from an int 2
        JsonNode actual = STORED_FORM.readTree(STORED_FORM.writeValueAsBytes(event));
        try (InputStream committed = getClass().getResourceAsStream("/event-schema/" + name)) {
            if (committed == null) {
                Path written = Path.of("target", "event-schema-actual", name);
                Files.createDirectories(written.getParent());
                Files.writeString(written, STORED_FORM.writerWithDefaultPrettyPrinter().writeValueAsString(actual));
                fail("no committed shape for " + name + "; review " + written + " and commit it if it is right");
            }
            assertThat(actual).isEqualTo(STORED_FORM.readTree(committed));
        }
        assertThat(STORED_FORM.treeToValue(actual, event.getClass())).isEqualTo(event);
    }

    @Test
    void everyDeviceEventTypeHasACommittedShape() {
        List<String> covered = oneOfEachStoredEvent().map(Object::getClass).map(Class::getSimpleName).toList();

        assertThat(Arrays.stream(DeviceEvent.class.getPermittedSubclasses()).map(Class::getSimpleName))
                .allSatisfy(type -> assertThat(covered).contains(type));
    }

    private static String fileNameOf(Object event) {
        String suffix = event instanceof uk.smartmeter.restricted.domain.device.event.DeviceEnrolled enrolled
                ? "-" + enrolled.deviceType() : "";
        return event.getClass().getSimpleName() + suffix + ".json";
    }
}
