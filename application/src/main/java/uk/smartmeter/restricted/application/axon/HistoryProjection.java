package uk.smartmeter.restricted.application.axon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import uk.smartmeter.restricted.application.history.DeviceHead;
import uk.smartmeter.restricted.application.history.HistoryEntry;
import uk.smartmeter.restricted.application.port.out.HistoryStore;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
import uk.smartmeter.restricted.domain.device.event.CommsHubStatusChanged;
import uk.smartmeter.restricted.domain.device.event.DeviceEnrolled;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.MeterStatusChanged;
import uk.smartmeter.restricted.domain.device.event.PaymentModeChanged;
import uk.smartmeter.restricted.domain.device.event.RequestRefused;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;
import uk.smartmeter.restricted.domain.device.event.RestrictionEnded;
import uk.smartmeter.restricted.domain.device.event.SiteCharacteristicsChanged;
import uk.smartmeter.restricted.domain.device.event.SupplierChanged;
import uk.smartmeter.restricted.domain.device.event.TenancyChanged;
import uk.smartmeter.restricted.domain.history.HashChain;

/**
 * Builds the regulator's history from the store, in global order, in its own processing group. The
 * entries of a batch are written together when the batch commits, in the same transaction as the
 * processor's token, so the history and its position move together. Chain heads are kept in memory
 * between batches and forgotten when a batch rolls back.
 */
public final class HistoryProjection {

    public static final String PROCESSING_GROUP = "history";
    private static final String PENDING = HistoryProjection.class.getName() + ".pending";
    private static final int CACHED_DEVICES = 100_000;

    private final HistoryStore store;
    private final Map<String, DeviceHead> heads = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DeviceHead> eldest) {
            return size() > CACHED_DEVICES;
        }
    };
    private String globalHead;

    public HistoryProjection(HistoryStore store) {
        this.store = store;
    }

    @EventHandler
    void on(DeviceEvent event, @SequenceNumber long version, TrackingToken token, EventMessage<?> message) {
        String deviceId = event.deviceId().value();
        DeviceHead before = head(deviceId);
        boolean restricted = before != null && before.restricted();
        String supplier = before == null ? null : before.responsibleSupplier();
        String deviceType = before == null ? null : before.deviceType();
        String region = before == null ? null : before.cspRegion();
        String reason = null;
        String detail;
        if (event instanceof DeviceEnrolled e) {
            supplier = supplierOf(e.responsibleSupplier());
            deviceType = e.deviceType().name();
            region = e.cspRegion().name();
            detail = e.deviceType() + " " + e.smetsVersion() + ", meter " + e.smiStatus() + ", hub " + e.commsHubId()
                    + " " + e.commsHubStatus() + (e.gpfId() == null ? "" : ", GPF " + e.gpfId()) + ", region "
                    + e.cspRegion() + ", " + e.paymentMode();
        } else if (event instanceof MeterStatusChanged e) {
            detail = "meter " + e.status();
        } else if (event instanceof CommsHubStatusChanged e) {
            detail = "hub " + e.commsHubId() + " " + e.status();
        } else if (event instanceof PaymentModeChanged e) {
            detail = e.paymentMode().name();
        } else if (event instanceof SupplierChanged e) {
            supplier = supplierOf(e.gainingSupplier());
            detail = "from " + supplierOf(e.losingSupplier()) + " to " + supplier;
        } else if (event instanceof TenancyChanged) {
            detail = null;
        } else if (event instanceof SiteCharacteristicsChanged e) {
            detail = "load switching " + e.siteCharacteristics().loadSwitching() + ", radio teleswitch "
                    + e.siteCharacteristics().radioTeleswitch() + ", network managed without WAN "
                    + e.siteCharacteristics().networkManagedWithoutWan();
        } else if (event instanceof RestrictionApplied e) {
            restricted = true;
            detail = "attestation " + e.attestation().reference() + ", steps exhausted on "
                    + e.attestation().stepsExhaustedOn();
        } else if (event instanceof RestrictionCleared e) {
            restricted = false;
            reason = e.reason().name();
            detail = null;
        } else if (event instanceof RestrictionEnded e) {
            restricted = false;
            reason = e.reason().name();
            detail = e.supplierToNotify() == null ? null : "to notify " + supplierOf(e.supplierToNotify());
        } else {
            throw new IllegalArgumentException("unknown event " + event.getClass().getSimpleName());
        }
        Actor actor = event.actor();
        HistoryEntry entry = new HistoryEntry(position(token), deviceId, version, deviceType, region,
                message.getIdentifier(),
                event.getClass().getSimpleName(), actor.party().value(), actor.role().name(), actor.actingUser(),
                micros(event.effectiveAt()), micros(event.recordedAt()), reason, restricted, supplier, detail, null,
                null);
        String deviceHash = HashChain.next(before == null ? HashChain.GENESIS : before.hash(), entry.content());
        heads.put(deviceId, new DeviceHead(deviceHash, restricted, supplier, deviceType, region));
        append(entry, deviceHash);
    }

    @EventHandler
    void on(RequestRefused refused, TrackingToken token, EventMessage<?> message) {
        String deviceId = refused.deviceId() == null ? null : refused.deviceId().value();
        DeviceHead before = deviceId == null ? null : head(deviceId);
        Actor actor = refused.actor();
        HistoryEntry entry = new HistoryEntry(position(token), deviceId, null,
                before == null ? null : before.deviceType(), before == null ? null : before.cspRegion(),
                message.getIdentifier(),
                "RequestRefused", actor.party().value(), actor.role().name(), actor.actingUser(),
                micros(refused.recordedAt()), micros(refused.recordedAt()), refused.code().name(), before == null ? null : before.restricted(),
                before == null ? null : before.responsibleSupplier(), refused.request() + ": " + refused.detail(),
                null, null);
        String deviceHash = null;
        if (deviceId != null) {
            deviceHash = HashChain.next(before == null ? HashChain.GENESIS : before.hash(), entry.content());
            heads.put(deviceId, new DeviceHead(deviceHash, before != null && before.restricted(),
                    before == null ? null : before.responsibleSupplier(), before == null ? null : before.deviceType(),
                    before == null ? null : before.cspRegion()));
        }
        append(entry, deviceHash);
    }

    /** A rebuild by replay starts from empty tables and empty heads. */
    @ResetHandler
    void reset() {
        store.clear();
        forget();
    }

    private void append(HistoryEntry entry, String deviceHash) {
        if (globalHead == null) {
            globalHead = store.globalHead().orElse(HashChain.GENESIS);
        }
        globalHead = HashChain.next(globalHead, entry.content());
        pending().add(entry.withHashes(deviceHash, globalHead));
    }

    private DeviceHead head(String deviceId) {
        DeviceHead head = heads.get(deviceId);
        if (head == null) {
            head = store.deviceHead(deviceId).orElse(null);
            if (head != null) {
                heads.put(deviceId, head);
            }
        }
        return head;
    }

    private List<HistoryEntry> pending() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING, key -> {
            List<HistoryEntry> entries = new ArrayList<>();
            batch.onPrepareCommit(u -> store.append(entries));
            batch.onRollback(u -> forget());
            return entries;
        });
    }

    private void forget() {
        heads.clear();
        globalHead = null;
    }

    private static long position(TrackingToken token) {
        return token.position().orElseThrow(() -> new IllegalStateException("the history needs positioned events"));
    }

    /** Times are kept to the microsecond, as SQL stores them, so that a stored entry hashes as it was written. */
    private static Instant micros(Instant time) {
        return time.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static String supplierOf(ResponsibleSupplier supplier) {
        return supplier.party().value() + "/" + supplier.role().name();
    }
}
