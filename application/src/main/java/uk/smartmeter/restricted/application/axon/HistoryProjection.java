package uk.smartmeter.restricted.application.axon;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import uk.smartmeter.restricted.domain.device.DeviceId;
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
import uk.smartmeter.restricted.domain.gate.GateDenied;
import uk.smartmeter.restricted.domain.history.HashChain;
import uk.smartmeter.restricted.domain.history.MerkleTree;

/**
 * Builds the regulator's history from the store, in global order, in its own processing group. Each
 * event of a batch is noted as it arrives; when the batch commits, the chain heads of the devices it
 * touches are read in one query, the entries are completed and hashed in order, and written together,
 * in the same transaction as the processor's token, so the history and its position move together.
 * Heads are cached between batches and forgotten when a batch rolls back.
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
    /** The Merkle tree's right edge, and the global index of its last leaf; loaded from the store when null. */
    private MerkleTree.Appender tree;
    private long lastLeaf = -1;

    public HistoryProjection(HistoryStore store) {
        this.store = store;
    }

    /** An event as it arrived, with what it changes; completed from the device's head when the batch commits. */
    private record Noted(HistoryEntry entry, Boolean restricts, String supplier, String deviceType, String region) {
    }

    @EventHandler
    void on(DeviceEvent event, @SequenceNumber long version, TrackingToken token, EventMessage<?> message) {
        Boolean restricts = null;
        String supplier = null;
        String deviceType = null;
        String region = null;
        String reason = null;
        String detail;
        if (event instanceof DeviceEnrolled e) {
            restricts = false;
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
            restricts = true;
            detail = "attestation " + e.attestation().reference() + ", steps exhausted on "
                    + e.attestation().stepsExhaustedOn();
        } else if (event instanceof RestrictionCleared e) {
            restricts = false;
            reason = e.reason().name();
            detail = null;
        } else if (event instanceof RestrictionEnded e) {
            restricts = false;
            reason = e.reason().name();
            detail = e.supplierToNotify() == null ? null : "to notify " + supplierOf(e.supplierToNotify());
        } else {
            throw new IllegalArgumentException("unknown event " + event.getClass().getSimpleName());
        }
        Actor actor = event.actor();
        HistoryEntry entry = new HistoryEntry(GlobalIndex.of(token), event.deviceId().value(), version, null, null,
                message.getIdentifier(), event.getClass().getSimpleName(), actor.party().value(), actor.role().name(),
                actor.actingUser(), micros(event.effectiveAt()), micros(event.recordedAt()), reason, null, null, detail,
                null, null);
        pending().add(new Noted(entry, restricts, supplier, deviceType, region));
    }

    @EventHandler
    void on(RequestRefused refused, TrackingToken token, EventMessage<?> message) {
        Actor actor = refused.actor();
        HistoryEntry entry = new HistoryEntry(GlobalIndex.of(token),
                refused.deviceId() == null ? null : refused.deviceId().value(), null, null, null,
                message.getIdentifier(), "RequestRefused", actor.party().value(), actor.role().name(),
                actor.actingUser(), micros(refused.recordedAt()), micros(refused.recordedAt()), refused.code().name(),
                null, null, refused.request() + ": " + refused.detail(), null, null);
        pending().add(new Noted(entry, null, null, null, null));
    }

    /** A gate denial, in the history of the meter whose flag it rests on (else of the device it was aimed at). */
    @EventHandler
    void on(GateDenied denied, TrackingToken token, EventMessage<?> message) {
        DeviceId device = denied.flagMeter() != null ? denied.flagMeter() : denied.device();
        String asked = denied.srv() != null ? "SRV " + denied.srv() : String.format("alert 0x%04X", denied.alertCode());
        String detail = denied.question() + " " + asked + " to " + denied.device() + ", request " + denied.requestId()
                + (denied.flagVersion() == null ? "" : ", flag set at version " + denied.flagVersion())
                + ", catalogue " + denied.catalogueVersion();
        HistoryEntry entry = new HistoryEntry(GlobalIndex.of(token), device.value(), null, null, null,
                message.getIdentifier(), "GateDenied", denied.sender() == null ? "-" : denied.sender().value(),
                denied.senderRole() == null ? "-" : denied.senderRole().name(), null, micros(denied.decidedAt()),
                micros(denied.decidedAt()), denied.responseCode(), null, null, detail, null, null);
        pending().add(new Noted(entry, null, null, null, null));
    }

    /** A rebuild by replay starts from empty tables and empty heads. */
    @ResetHandler
    void reset() {
        store.clear();
        forget();
    }

    /** Completes, hashes and writes a batch's entries, in order. */
    private void flush(List<Noted> batch) {
        Set<String> unknown = new LinkedHashSet<>();
        for (Noted noted : batch) {
            String device = noted.entry().deviceId();
            if (device != null && !heads.containsKey(device)) {
                unknown.add(device);
            }
        }
        if (!unknown.isEmpty()) {
            heads.putAll(store.deviceHeads(unknown));
        }
        if (globalHead == null) {
            globalHead = store.globalHead().orElse(HashChain.GENESIS);
        }
        List<HistoryEntry> entries = new ArrayList<>(batch.size());
        for (Noted noted : batch) {
            HistoryEntry e = noted.entry();
            DeviceHead before = e.deviceId() == null ? null : heads.get(e.deviceId());
            boolean isRefusal = e.deviceVersion() == null;
            Boolean restricted = noted.restricts() != null ? noted.restricts()
                    : before == null ? (isRefusal ? null : Boolean.FALSE) : Boolean.valueOf(before.restricted());
            String supplier = noted.supplier() != null ? noted.supplier()
                    : before == null ? null : before.responsibleSupplier();
            String type = noted.deviceType() != null ? noted.deviceType() : before == null ? null : before.deviceType();
            String region = noted.region() != null ? noted.region() : before == null ? null : before.cspRegion();
            HistoryEntry complete = new HistoryEntry(e.globalIndex(), e.deviceId(), e.deviceVersion(), type, region,
                    e.eventId(), e.eventType(), e.party(), e.role(), e.actingUser(), e.effectiveAt(), e.recordedAt(),
                    e.reason(), restricted, supplier, e.detail(), null, null);
            List<String> content = complete.content();
            String deviceHash = null;
            if (e.deviceId() != null) {
                deviceHash = HashChain.next(before == null ? HashChain.GENESIS : before.hash(), content);
                heads.put(e.deviceId(), new DeviceHead(deviceHash, Boolean.TRUE.equals(restricted), supplier, type,
                        region));
            }
            globalHead = HashChain.next(globalHead, content);
            entries.add(complete.withHashes(deviceHash, globalHead));
        }
        if (tree == null) {
            HistoryStore.TreeHead head = store.treeHead();
            Map<Long, String> frontier = store.treeNodes(MerkleTree.Appender.frontierKeys(head.size()));
            tree = MerkleTree.Appender.restore(head.size(), (level, index) -> HexFormat.of().parseHex(
                    java.util.Objects.requireNonNull(frontier.get(MerkleTree.key(level, index)),
                            "the history's tree has no node " + level + "/" + index)));
            lastLeaf = head.lastGlobalIndex();
        }
        Map<Long, Long> leafIndexes = new HashMap<>();
        List<MerkleTree.Node> nodes = new ArrayList<>();
        for (HistoryEntry entry : entries) {
            if (entry.globalIndex() > lastLeaf) {
                leafIndexes.put(entry.globalIndex(), tree.size());
                nodes.addAll(tree.append(MerkleTree.leafHash(entry.leaf())));
                lastLeaf = entry.globalIndex();
            }
        }
        store.append(entries, leafIndexes, nodes);
    }

    private List<Noted> pending() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING, key -> {
            List<Noted> noted = new ArrayList<>();
            batch.onPrepareCommit(u -> flush(noted));
            batch.onRollback(u -> forget());
            return noted;
        });
    }

    private void forget() {
        heads.clear();
        globalHead = null;
        tree = null;
        lastLeaf = -1;
    }

    /** Times are kept to the microsecond, as SQL stores them, so that a stored entry hashes as it was written. */
    private static Instant micros(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    private static String supplierOf(ResponsibleSupplier supplier) {
        return supplier.party().value() + "/" + supplier.role().name();
    }
}
