package uk.smartmeter.restricted.application.csp;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import uk.smartmeter.restricted.application.port.out.CspNoticeStore;
import uk.smartmeter.restricted.application.port.out.ExclusionListStore;
import uk.smartmeter.restricted.domain.csp.CspDevice;
import uk.smartmeter.restricted.domain.csp.CspNotice;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.application.port.out.ExclusionList;

/** The CSP stores in memory, for tests of the service. */
final class InMemoryCspStores implements CspNoticeStore, ExclusionListStore {

    final List<CspNotice> notices = new ArrayList<>();
    final Map<DeviceId, CspDevice> devices = new HashMap<>();
    final Map<String, ExclusionList> published = new LinkedHashMap<>();

    @Override
    public Map<DeviceId, CspDevice> devices(Collection<DeviceId> ids) {
        return ids.stream().filter(devices::containsKey).collect(Collectors.toMap(id -> id, devices::get));
    }

    @Override
    public long lastFeedPosition() {
        return notices.isEmpty() ? 0 : notices.get(notices.size() - 1).feedPosition();
    }

    @Override
    public Map<CspRegion, Long> lastRegionPositions() {
        return notices.stream().collect(Collectors.toMap(CspNotice::cspRegion, CspNotice::regionPosition, Math::max));
    }

    @Override
    public Optional<Long> feedPositionOf(CspRegion region, long regionPosition) {
        return regionPosition == 0 ? Optional.of(0L) : notices.stream()
                .filter(n -> n.cspRegion() == region && n.regionPosition() == regionPosition)
                .map(CspNotice::feedPosition).findFirst();
    }

    @Override
    public Optional<Long> regionPositionOf(CspRegion region, long feedPosition) {
        return feedPosition == 0 ? Optional.of(0L) : notices.stream()
                .filter(n -> n.cspRegion() == region && n.feedPosition() == feedPosition)
                .map(CspNotice::regionPosition).findFirst();
    }

    @Override
    public long regionPositionAtOrBefore(CspRegion region, long feedPosition) {
        return notices.stream().filter(n -> n.cspRegion() == region && n.feedPosition() <= feedPosition)
                .mapToLong(CspNotice::regionPosition).max().orElse(0);
    }

    @Override
    public void append(List<CspNotice> made, Collection<CspDevice> states) {
        notices.addAll(made);
        states.forEach(state -> devices.put(state.deviceId(), state));
    }

    @Override
    public List<CspNotice> feed(CspRegion region, long afterRegionPosition, int limit) {
        return notices.stream().filter(n -> n.cspRegion() == region && n.regionPosition() > afterRegionPosition)
                .limit(limit).toList();
    }

    @Override
    public Optional<Long> positionBefore(CspRegion region, Instant time) {
        return notices.stream().filter(n -> n.cspRegion() == region && !n.recordedAt().isBefore(time))
                .map(n -> n.regionPosition() - 1).min(Long::compare);
    }

    @Override
    public void forEachDevice(CspRegion region, Instant asKnownAt, Consumer<List<CspNotice>> deviceNotices) {
        notices.stream().filter(n -> n.cspRegion() == region && !n.recordedAt().isAfter(asKnownAt))
                .collect(Collectors.groupingBy(n -> n.deviceId().value(), java.util.TreeMap::new, Collectors.toList()))
                .values().forEach(list -> deviceNotices.accept(list.stream()
                        .sorted(Comparator.comparingLong(CspNotice::feedPosition)).toList()));
    }

    @Override
    public boolean publish(ExclusionList list) {
        return published.putIfAbsent(list.region() + "/" + list.month(), list) == null;
    }

    @Override
    public Optional<ExclusionList> published(CspRegion region, YearMonth month) {
        return Optional.ofNullable(published.get(region + "/" + month));
    }

    @Override
    public List<YearMonth> publishedMonths(CspRegion region) {
        return published.values().stream().filter(l -> l.region() == region).map(ExclusionList::month)
                .sorted(Comparator.reverseOrder()).toList();
    }
}
