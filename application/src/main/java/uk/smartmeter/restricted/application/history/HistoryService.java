package uk.smartmeter.restricted.application.history;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import uk.smartmeter.restricted.application.port.in.ReadHistory;
import uk.smartmeter.restricted.application.port.out.Devices;
import uk.smartmeter.restricted.application.port.out.HistoryStore;
import uk.smartmeter.restricted.application.port.out.RefusalLog;
import uk.smartmeter.restricted.domain.device.RefusalCode;
import uk.smartmeter.restricted.domain.device.event.RequestRefused;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Device;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.history.AsOf;
import uk.smartmeter.restricted.domain.history.MerkleTree;
import uk.smartmeter.restricted.domain.history.Timeline;
import uk.smartmeter.restricted.application.port.out.HistoryEntry;
import uk.smartmeter.restricted.application.port.in.TreeProofs;
import uk.smartmeter.restricted.application.port.in.SummaryRow;
import uk.smartmeter.restricted.application.port.in.HistoryPage;
import uk.smartmeter.restricted.application.port.in.AsOfAnswer;

/** The regulator's questions over the history tables and, for as-of answers, the device's own stream. */
public final class HistoryService implements ReadHistory {


    private final HistoryStore store;
    private final Devices devices;
    private final RefusalLog refusals;
    private final Clock clock;

    public HistoryService(HistoryStore store, Devices devices, RefusalLog refusals, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.devices = Objects.requireNonNull(devices);
        this.refusals = Objects.requireNonNull(refusals);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Optional<HistoryPage> deviceHistory(Actor viewer, DeviceId device, long after, int limit, Set<String> kinds,
                                               Instant from, Instant to) {
        if (!viewer.role().seesEveryMeter()) {
            return supplierHistory(viewer, device, after, limit, kinds, from, to);
        }
        List<HistoryEntry> entries = store.deviceEntries(device.value(), after, limit + 1, kinds, from, to);
        if (entries.isEmpty() && store.deviceEntries(device.value(), -1, 1, Set.of(), null, null).isEmpty()) {
            refusals.record(new RequestRefused(device, viewer, "ReadDeviceHistory", RefusalCode.DEVICE_NOT_ENROLLED.name(),
                    "no history of " + device, clock.instant()));
            return Optional.empty();
        }
        return Optional.of(page(entries, limit));
    }

    /**
     * A Supplier sees a meter's history only while it is the meter's responsible Supplier (the store's
     * events decide, as for every other request), and then only the current tenancy on the effective
     * timeline ({@link Timeline}): the entries after which it was responsible, and its own refusals made
     * while it was. Any other meter is answered as an unknown one, whatever the Supplier did to it before,
     * so no refusal of its own tells it whether the meter exists, whose it is or whether it is Restricted.
     */
    private Optional<HistoryPage> supplierHistory(Actor viewer, DeviceId device, long after, int limit,
                                                  Set<String> kinds, Instant from, Instant to) {
        List<DeviceEvent> events = devices.history(device);
        Device now = Device.replay(device, events);
        if (!now.isResponsibleSupplier(viewer)) {
            refusals.record(new RequestRefused(device, viewer, "ReadDeviceHistory", (now.enrolled()
                    ? RefusalCode.NOT_RESPONSIBLE_SUPPLIER : RefusalCode.DEVICE_NOT_ENROLLED).name(),
                    "no history of " + device + " visible to this party", clock.instant()));
            return Optional.empty();
        }
        Timeline.Position tenancy = Timeline.currentTenancyStart(events)
                .flatMap(start -> store.entryAt(device.value(), start.recordedOrder())
                        .map(entry -> new Timeline.Position(start.effective(), entry.globalIndex())))
                .orElse(null);
        String supplier = viewer.party().value() + "/" + viewer.role().name();
        List<HistoryEntry> visible = new ArrayList<>();
        for (HistoryEntry entry : store.supplierEntries(device.value(), supplier, after, kinds, from, to)) {
            if (tenancy == null || new Timeline.Position(entry.effectiveAt(), entry.globalIndex())
                    .compareTo(tenancy) >= 0) {
                visible.add(entry);
                if (visible.size() > limit) {
                    break;
                }
            }
        }
        return Optional.of(page(visible, limit));
    }

    private static HistoryPage page(List<HistoryEntry> entries, int limit) {
        boolean more = entries.size() > limit;
        List<HistoryEntry> page = more ? entries.subList(0, limit) : entries;
        return new HistoryPage(List.copyOf(page), more ? page.get(page.size() - 1).globalIndex() : null);
    }

    @Override
    public Optional<AsOfAnswer> asOf(Actor viewer, DeviceId device, Instant effectiveAt, Instant recordedBy) {
        List<DeviceEvent> history = devices.history(device);
        if (history.isEmpty()) {
            refusals.record(new RequestRefused(device, viewer, "ReadDeviceAsOf", RefusalCode.DEVICE_NOT_ENROLLED.name(),
                    "no meter " + device + " is enrolled", clock.instant()));
            return Optional.empty();
        }
        AsOf.Answer answer = AsOf.of(device, history, effectiveAt, recordedBy);
        Device state = answer.device();
        if (state == null) {
            return Optional.of(new AsOfAnswer(device.value(), effectiveAt, recordedBy, false, false, null, List.of(),
                    null, null, null, null, null, null));
        }
        String eventId = store.entryAt(device.value(), answer.version()).map(HistoryEntry::eventId).orElse(null);
        DeviceEvent restsOn = answer.restsOn();
        return Optional.of(new AsOfAnswer(device.value(), effectiveAt, recordedBy, true, state.restricted(),
                state.restriction() == null ? null : state.restriction().since(),
                state.ineligibilities().stream().map(Enum::name).toList(),
                state.meter().supplier().party().value() + "/" + state.meter().supplier().role().name(),
                eventId, restsOn.getClass().getSimpleName(), answer.version(), restsOn.effectiveAt(),
                restsOn.recordedAt()));
    }

    /** What a summary counts unless asked for other kinds. */
    public static final Set<String> FLAG_CHANGES_AND_REFUSALS = Set.of("RestrictionApplied", "RestrictionCleared",
            "RestrictionEnded", "RequestRefused");

    @Override
    public List<SummaryRow> summary(HistoryStore.ExportFilter filter) {
        HistoryStore.ExportFilter counted = filter.kinds().isEmpty() ? new HistoryStore.ExportFilter(filter.from(),
                filter.to(), filter.supplier(), filter.reason(), FLAG_CHANGES_AND_REFUSALS, filter.cspRegion(),
                filter.deviceType()) : filter;
        java.util.Map<List<String>, long[]> counts = new java.util.TreeMap<>(java.util.Comparator
                .comparing((List<String> key) -> key.get(0)).thenComparing(key -> key.get(1))
                .thenComparing(key -> key.get(2)).thenComparing(key -> String.valueOf(key.get(3))));
        store.export(counted, entry -> {
            java.time.ZonedDateTime recorded = entry.recordedAt().atZone(java.time.ZoneOffset.UTC);
            String month = String.format("%04d-%02d", recorded.getYear(), recorded.getMonthValue());
            counts.computeIfAbsent(java.util.Arrays.asList(month, entry.eventType(), entry.party(), entry.reason()),
                    key -> new long[1])[0]++;
        });
        return counts.entrySet().stream().map(count -> new SummaryRow(count.getKey().get(0), count.getKey().get(1),
                count.getKey().get(2), count.getKey().get(3), count.getValue()[0])).toList();
    }

    @Override
    public void export(HistoryStore.ExportFilter filter, java.util.function.Consumer<HistoryEntry> rows) {
        store.export(filter, rows);
    }

    @Override
    public TreeProofs.Head treeHead() {
        long size = store.treeHead().size();
        return new TreeProofs.Head(size, hex(MerkleTree.root(nodes(MerkleTree.nodesRead(
                read -> MerkleTree.root(read, 0, size))), 0, size)));
    }

    @Override
    public Optional<TreeProofs.Inclusion> inclusion(String eventId, Long treeSize) {
        Optional<Long> leaf = store.leafIndexOf(eventId);
        if (leaf.isEmpty()) {
            return Optional.empty();
        }
        long index = leaf.get();
        long head = store.treeHead().size();
        long size = checkedSize(treeSize == null ? head : treeSize, head, "treeSize");
        if (index >= size) {
            throw new IllegalArgumentException("treeSize: the entry is leaf " + index + ", so a tree of at least "
                    + (index + 1) + " leaves");
        }
        MerkleTree.Nodes nodes = nodes(MerkleTree.nodesRead(read -> {
            MerkleTree.inclusionProof(read, index, size);
            MerkleTree.root(read, 0, size);
            read.node(0, index);
        }));
        return Optional.of(new TreeProofs.Inclusion(eventId, index, size, hex(nodes.node(0, index)),
                hex(MerkleTree.root(nodes, 0, size)), MerkleTree.inclusionProof(nodes, index, size).stream()
                .map(HistoryService::hex).toList()));
    }

    @Override
    public TreeProofs.Consistency consistency(long first, long second) {
        checkedSize(second, store.treeHead().size(), "second");
        if (first < 1 || first > second) {
            throw new IllegalArgumentException("first: from 1 to second");
        }
        MerkleTree.Nodes nodes = nodes(MerkleTree.nodesRead(read -> {
            MerkleTree.consistencyProof(read, first, second);
            MerkleTree.root(read, 0, first);
            MerkleTree.root(read, 0, second);
        }));
        return new TreeProofs.Consistency(first, second, hex(MerkleTree.root(nodes, 0, first)),
                hex(MerkleTree.root(nodes, 0, second)), MerkleTree.consistencyProof(nodes, first, second).stream()
                .map(HistoryService::hex).toList());
    }

    private static long checkedSize(long size, long head, String field) {
        if (size < 1 || size > head) {
            throw new IllegalArgumentException(field + ": a tree size from 1 to the tree's size, " + head);
        }
        return size;
    }

    /** The stored nodes of these keys, fetched in one go, as the tree's node source. */
    private MerkleTree.Nodes nodes(java.util.Set<Long> keys) {
        java.util.Map<Long, String> stored = store.treeNodes(keys);
        return (level, index) -> {
            String hash = stored.get(MerkleTree.key(level, index));
            if (hash == null || !hash.matches("[0-9a-f]{64}")) {
                throw new TreeProofs.Damaged("the history's tree has no valid node " + level + "/" + index
                        + "; verify the history (GET /api/v1/history/verification) and rebuild it");
            }
            return java.util.HexFormat.of().parseHex(hash);
        };
    }

    private static String hex(byte[] hash) {
        return java.util.HexFormat.of().formatHex(hash);
    }
}
