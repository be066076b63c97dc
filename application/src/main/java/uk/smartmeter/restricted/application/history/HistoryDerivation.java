package uk.smartmeter.restricted.application.history;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import uk.smartmeter.restricted.domain.history.HistoryRebuildFinished;
import uk.smartmeter.restricted.domain.history.HistoryRebuildRequested;
import uk.smartmeter.restricted.domain.history.MerkleTree;
import uk.smartmeter.restricted.application.port.out.HistoryEntry;
import uk.smartmeter.restricted.application.port.out.DeviceHead;

/**
 * What the history holds of each stored event: one function of the event and of the entries before it, used
 * alike by the live projection, by a rebuild and by the verification that reconciles the history with the
 * event store. So an entry can always be derived again from its event, and compared.
 */
public final class HistoryDerivation {

    private HistoryDerivation() {
    }

    /** An event's own part of its entry, with what it changes; completed from the device's head by a {@link Chains}. */
    public record Noted(HistoryEntry entry, Boolean restricts, String supplier, String deviceType, String region) {
    }

    /** True when the history holds an entry for events of this payload type. */
    public static boolean holds(Class<?> payloadType) {
        return DeviceEvent.class.isAssignableFrom(payloadType) || payloadType == RequestRefused.class
                || payloadType == GateDenied.class || payloadType == HistoryRebuildRequested.class
                || payloadType == HistoryRebuildFinished.class
                || payloadType == uk.smartmeter.restricted.domain.reconciliation.RegistrationReconciled.class
                || payloadType == uk.smartmeter.restricted.domain.gate.CatalogueAdopted.class;
    }

    /**
     * The entry's own part of a stored event, or null when the history holds nothing of it.
     *
     * @param sequence the event's position in its device's stream (ignored for events outside one)
     */
    public static Noted note(Object payload, long sequence, long globalIndex, String eventId, String eventSha256) {
        if (payload instanceof DeviceEvent event) {
            return device(event, sequence, globalIndex, eventId, eventSha256);
        }
        if (payload instanceof RequestRefused refused) {
            Actor actor = refused.actor();
            return new Noted(new HistoryEntry(globalIndex, refused.deviceId() == null ? null
                    : refused.deviceId().value(), null, null, null, eventId, "RequestRefused", actor.party().value(),
                    actor.role().name(), actor.actingUser(), micros(refused.recordedAt()), micros(refused.recordedAt()),
                    refused.code(), null, null, refused.request() + ": " + refused.detail(), eventSha256, null, null),
                    null, null, null, null);
        }
        if (payload instanceof GateDenied denied) {
            // in the history of the meter whose flag it rests on (else of the device it was aimed at)
            DeviceId device = denied.flagMeter() != null ? denied.flagMeter() : denied.device();
            String asked = denied.srv() != null ? "SRV " + denied.srv()
                    : String.format("alert 0x%04X", denied.alertCode());
            String detail = denied.question() + " " + asked + " to " + denied.device() + ", request "
                    + denied.requestId() + (denied.flagVersion() == null ? ""
                    : ", flag set at version " + denied.flagVersion()) + ", catalogue " + denied.catalogueVersion();
            return new Noted(new HistoryEntry(globalIndex, device.value(), null, null, null, eventId, "GateDenied",
                    denied.sender() == null ? "-" : denied.sender().value(),
                    denied.senderRole() == null ? "-" : denied.senderRole().name(), null, micros(denied.decidedAt()),
                    micros(denied.decidedAt()), denied.responseCode(), null, null, detail, eventSha256, null, null),
                    null, null, null, null);
        }
        if (payload instanceof HistoryRebuildRequested requested) {
            return service(globalIndex, eventId, "HistoryRebuildRequested", requested.actor(),
                    requested.recordedAt(), null, "rebuild " + requested.rebuildId() + ": " + requested.reason(),
                    eventSha256);
        }
        if (payload instanceof HistoryRebuildFinished finished) {
            return service(globalIndex, eventId, "HistoryRebuildFinished", finished.actor(), finished.recordedAt(),
                    finished.outcome().name(), "rebuild " + finished.rebuildId() + ": " + finished.detail(), eventSha256);
        }
        if (payload instanceof uk.smartmeter.restricted.domain.reconciliation.RegistrationReconciled reconciled) {
            return service(globalIndex, eventId, "RegistrationReconciled", reconciled.actor(), reconciled.recordedAt(),
                    reconciled.outcome(), reconciled.summary(), eventSha256);
        }
        if (payload instanceof uk.smartmeter.restricted.domain.gate.CatalogueAdopted adopted) {
            return service(globalIndex, eventId, "CatalogueAdopted", adopted.actor(), adopted.recordedAt(), null,
                    adopted.summary(), eventSha256);
        }
        return null;
    }

    private static Noted service(long globalIndex, String eventId, String type, Actor actor, Instant at,
                                 String reason, String detail, String eventSha256) {
        return new Noted(new HistoryEntry(globalIndex, null, null, null, null, eventId, type, actor.party().value(),
                actor.role().name(), actor.actingUser(), micros(at), micros(at), reason, null, null, detail,
                eventSha256, null, null), null, null, null, null);
    }

    private static Noted device(DeviceEvent event, long version, long globalIndex, String eventId,
                                String eventSha256) {
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
        return new Noted(new HistoryEntry(globalIndex, event.deviceId().value(), version, null, null, eventId,
                event.getClass().getSimpleName(), actor.party().value(), actor.role().name(), actor.actingUser(),
                micros(event.effectiveAt()), micros(event.recordedAt()), reason, null, null, detail, eventSha256, null,
                null), restricts, supplier, deviceType, region);
    }

    /**
     * The chains and the tree over a run of entries in the history's order: the device heads (given, or
     * looked up by the caller before), the global chain's head and the Merkle tree's right edge.
     */
    public static final class Chains {
        private final Map<String, DeviceHead> heads;
        private String globalHead;
        private final MerkleTree.Appender tree;
        private final List<MerkleTree.Node> completed = new ArrayList<>();

        /** @param heads the devices' heads before the run, updated as it goes */
        public Chains(Map<String, DeviceHead> heads, String globalHead, MerkleTree.Appender tree) {
            this.heads = heads;
            this.globalHead = globalHead;
            this.tree = tree;
        }

        public static Chains empty(Map<String, DeviceHead> heads) {
            return new Chains(heads, HashChain.GENESIS, new MerkleTree.Appender());
        }

        /** The next entry, completed from its device's head, hashed, and appended to the tree as a leaf. */
        public HistoryEntry next(Noted noted) {
            HistoryEntry e = noted.entry();
            DeviceHead before = e.deviceId() == null ? null : heads.get(e.deviceId());
            boolean refusal = e.deviceVersion() == null;
            Boolean restricted = noted.restricts() != null ? noted.restricts()
                    : before == null ? (refusal ? null : Boolean.FALSE) : Boolean.valueOf(before.restricted());
            String supplier = noted.supplier() != null ? noted.supplier()
                    : before == null ? null : before.responsibleSupplier();
            String type = noted.deviceType() != null ? noted.deviceType() : before == null ? null : before.deviceType();
            String region = noted.region() != null ? noted.region() : before == null ? null : before.cspRegion();
            HistoryEntry complete = new HistoryEntry(e.globalIndex(), e.deviceId(), e.deviceVersion(), type, region,
                    e.eventId(), e.eventType(), e.party(), e.role(), e.actingUser(), e.effectiveAt(), e.recordedAt(),
                    e.reason(), restricted, supplier, e.detail(), e.eventSha256(), null, null);
            // one record, encoded once, under both chains and as the tree's leaf
            byte[] record = complete.leaf();
            String deviceHash = null;
            if (e.deviceId() != null) {
                deviceHash = HashChain.next(before == null ? HashChain.GENESIS : before.hash(), record);
                heads.put(e.deviceId(), new DeviceHead(deviceHash, Boolean.TRUE.equals(restricted), supplier, type,
                        region));
            }
            globalHead = HashChain.next(globalHead, record);
            completed.addAll(tree.append(MerkleTree.leafHash(record)));
            return complete.withHashes(deviceHash, globalHead);
        }

        /** The perfect subtrees completed since the last call, leaves included, in order; forgotten once read. */
        public List<MerkleTree.Node> takeCompleted() {
            List<MerkleTree.Node> taken = List.copyOf(completed);
            completed.clear();
            return taken;
        }

        /** The number of leaves so far: the next entry's leaf index. */
        public long size() {
            return tree.size();
        }

        public byte[] root() {
            return tree.root();
        }
    }

    /** Times are kept to the microsecond, as SQL stores them, so that a stored entry hashes as it was written. */
    static Instant micros(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    private static String supplierOf(ResponsibleSupplier supplier) {
        return supplier.party().value() + "/" + supplier.role().name();
    }
}
