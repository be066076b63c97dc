package uk.smartmeter.restricted.bootstrap;

import java.time.Duration;
import uk.smartmeter.restricted.application.port.in.RequestRef;
import uk.smartmeter.restricted.application.gate.RestrictedIndex;
import uk.smartmeter.restricted.application.port.in.GateDecisions;
import uk.smartmeter.restricted.domain.gate.GateVerdict;
import uk.smartmeter.restricted.domain.gate.ServiceReferenceVariant;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.gate.SrvEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.smartmeter.restricted.domain.device.DeviceTestData.*;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.smartmeter.restricted.application.port.in.ApplyRestrictionUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeSupplierUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeTenancyUseCase;
import uk.smartmeter.restricted.application.port.in.ClearRestrictionUseCase;
import uk.smartmeter.restricted.application.port.in.DeviceStatus;
import uk.smartmeter.restricted.application.port.in.EnrolDeviceUseCase;
import uk.smartmeter.restricted.application.port.in.FindDeviceStatus;
import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.RefusalCode;
import uk.smartmeter.restricted.domain.device.command.ApplyRestriction;

/**
 * Commands go in through the application's in-ports; the service is stopped and started again on
 * the same store, and finds the same state. Run once per store (H2 file, PostgreSQL).
 */
abstract class DeviceStateSurvivesRestartContract {

    private static final DeviceId UNKNOWN = DeviceId.of("00-DB-12-34-56-78-90-FF");

    /** Properties that point the service at a fresh, empty store. */
    protected abstract Map<String, Object> storage() throws Exception;

    protected String[] profiles() {
        return new String[0];
    }

    @Test
    void theLifecycleSentThroughTheInPortsIsAllThereAfterARestart() throws Exception {
        Map<String, Object> storage = storage();
        Optional<DeviceStatus> esmeBefore;
        Optional<DeviceStatus> gsmeBefore;
        try (ConfigurableApplicationContext service = ServiceRunner.start(storage, profiles())) {
            runLifecycle(service);
            FindDeviceStatus status = service.getBean(FindDeviceStatus.class);
            esmeBefore = status.statusFor(DCC, ESME);
            gsmeBefore = status.statusFor(DCC, GSME);
        }

        try (ConfigurableApplicationContext restarted = ServiceRunner.start(storage, profiles())) {
            FindDeviceStatus status = restarted.getBean(FindDeviceStatus.class);
            assertThat(status.statusFor(DCC, ESME)).isEqualTo(esmeBefore);
            assertThat(status.statusFor(DCC, GSME)).isEqualTo(gsmeBefore);
            assertThat(esmeBefore).get().satisfies(esme -> {
                assertThat(esme.restricted()).isTrue();
                assertThat(esme.responsibleSupplier()).isEqualTo(SUPPLIER_B);
                assertThat(esme.version()).isEqualTo(4);
            });
            assertThat(status.statusFor(DCC, UNKNOWN)).isEmpty();
            theGateDeniesTheRestrictedMetersReadOnceItsIndexHasReplayed(restarted);

            Decision afterRestart = restarted.getBean(ChangeTenancyUseCase.class).changeTenancy(changeOfTenancy(null))
                    .decision();
            assertThat(((Decision.Accepted) afterRestart).events()).hasSize(2);
            assertThat(status.statusFor(DCC, ESME)).get().extracting(DeviceStatus::restricted).isEqualTo(false);
            assertThat(restarted.getBean(GateDecisions.class).serviceRequest(GATE_REQUEST, READ, ESME.eui64()))
                    .as("the flag ended by the Change of Tenancy is off the gate at once").isEqualTo(GateVerdict.ALLOW);
        }
    }

    private static final RequestRef GATE_REQUEST = RequestRef.of("after-restart", null, null);
    private static final SrvEntry READ = SrvCatalogue.bundled().entry(ServiceReferenceVariant.of("4.1.1")).orElseThrow();

    /** The index is rebuilt from the store on start-up: until it has caught up the gate fails closed, then it denies. */
    private static void theGateDeniesTheRestrictedMetersReadOnceItsIndexHasReplayed(ConfigurableApplicationContext service)
            throws InterruptedException {
        RestrictedIndex index = service.getBean(RestrictedIndex.class);
        GateDecisions gate = service.getBean(GateDecisions.class);
        Eventually.holds("the index caught up, the gate failing closed meanwhile", Duration.ofSeconds(20), () -> {
            boolean current = index.current();
            assertThat(gate.serviceRequest(GATE_REQUEST, READ, ESME.eui64())).isIn(GateVerdict.DENY_STATUS_UNKNOWN,
                    GateVerdict.DENY_RESTRICTED);
            return current;
        });
        assertThat(gate.serviceRequest(GATE_REQUEST, READ, ESME.eui64())).isEqualTo(GateVerdict.DENY_RESTRICTED);
        assertThat(index.holderOf(ESME.eui64()).flagVersion()).isEqualTo(4);
        assertThat(gate.serviceRequest(GATE_REQUEST, READ, GSME.eui64())).isEqualTo(GateVerdict.ALLOW);
    }

    @Test
    void refusalsAreRecordedInTheEventStoreButNeverInADevicesStream() throws Exception {
        try (ConfigurableApplicationContext service = ServiceRunner.start(storage(), profiles())) {
            runLifecycle(service);
            JdbcTemplate sql = new JdbcTemplate(service.getBean(javax.sql.DataSource.class));

            assertThat(sql.queryForList("SELECT payloadType FROM DomainEventEntry WHERE aggregateIdentifier = ?",
                    String.class, ESME.value())).hasSize(5).noneMatch(type -> type.endsWith("RequestRefused"));
            assertThat(refusalCodes(sql)).containsExactlyInAnyOrder(
                    "\"code\":\"NOT_RESPONSIBLE_SUPPLIER\"", "\"code\":\"DEVICE_NOT_ENROLLED\"");
            assertThat(sql.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier = ?",
                    Integer.class, UNKNOWN.value())).isZero();
        }
    }

    @Test
    void devicesAreSnapshottedAndStoredAsJacksonJsonOnTheJdbcEngine() throws Exception {
        try (ConfigurableApplicationContext service = ServiceRunner.start(storage(), profiles())) {
            runLifecycle(service);
            JdbcTemplate sql = new JdbcTemplate(service.getBean(javax.sql.DataSource.class));

            assertThat(service.getBean(EventStorageEngine.class)).isInstanceOf(JdbcEventStorageEngine.class);
            assertThat(sql.queryForObject("SELECT COUNT(*) FROM SnapshotEventEntry WHERE aggregateIdentifier = ?",
                    Integer.class, ESME.value())).isPositive();
            byte[] firstPayload = sql.queryForObject("SELECT payload FROM DomainEventEntry WHERE aggregateIdentifier = ?"
                    + " AND sequenceNumber = 0", byte[].class, ESME.value());
            assertThat(new String(firstPayload, StandardCharsets.UTF_8))
                    .startsWith("{\"deviceId\":\"00-DB-12-34-56-78-90-A0\"")
                    .contains("\"effectiveAt\":\"2026-11-22T10:00:00Z\"");
            assertThat(Package.getPackage("com.thoughtworks.xstream")).isNull();
        }
    }

    private static java.util.List<String> refusalCodes(JdbcTemplate sql) {
        return sql.queryForList("SELECT payload FROM DomainEventEntry WHERE payloadType LIKE '%RequestRefused'",
                        byte[].class).stream()
                .map(payload -> new String(payload, StandardCharsets.UTF_8))
                .map(json -> json.replaceAll(".*(\"code\":\"[A-Z_]+\").*", "$1"))
                .toList();
    }

    /** Enrol both meters, restrict A0, be refused twice, change its Supplier, clear, restrict again. */
    private static void runLifecycle(ConfigurableApplicationContext service) {
        EnrolDeviceUseCase enrol = service.getBean(EnrolDeviceUseCase.class);
        ApplyRestrictionUseCase apply = service.getBean(ApplyRestrictionUseCase.class);
        ClearRestrictionUseCase clear = service.getBean(ClearRestrictionUseCase.class);
        ChangeSupplierUseCase changeSupplier = service.getBean(ChangeSupplierUseCase.class);

        assertThat(enrol.enrol(anEligibleEsme().build()).decision()).isInstanceOf(Decision.Accepted.class);
        assertThat(enrol.enrol(anEligibleGsme()).decision()).isInstanceOf(Decision.Accepted.class);
        assertThat(apply.applyRestriction(apply(AS_SUPPLIER_A)).decision()).isInstanceOf(Decision.Accepted.class);
        assertThat(((Decision.Refused) apply.applyRestriction(apply(AS_SUPPLIER_B)).decision()).code())
                .isEqualTo(RefusalCode.NOT_RESPONSIBLE_SUPPLIER);
        assertThat(((Decision.Refused) apply.applyRestriction(
                new ApplyRestriction(UNKNOWN, AS_SUPPLIER_A, ATTESTATION)).decision())
                .code()).isEqualTo(RefusalCode.DEVICE_NOT_ENROLLED);
        assertThat(changeSupplier.changeSupplier(changeOfSupplierTo(SUPPLIER_B)).decision())
                .isInstanceOf(Decision.Accepted.class);
        assertThat(clear.clearRestriction(clear(AS_SUPPLIER_B)).decision()).isInstanceOf(Decision.Accepted.class);
        assertThat(apply.applyRestriction(apply(AS_SUPPLIER_B)).decision()).isInstanceOf(Decision.Accepted.class);
    }
}
