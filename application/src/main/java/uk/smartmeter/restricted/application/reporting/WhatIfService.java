package uk.smartmeter.restricted.application.reporting;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import uk.smartmeter.restricted.application.port.in.EvaluateCatalogue;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;
import uk.smartmeter.restricted.application.port.out.DeviceEventLog;
import uk.smartmeter.restricted.application.port.out.MonthStarts;
import uk.smartmeter.restricted.application.port.out.OutcomeLogs;
import uk.smartmeter.restricted.application.port.out.WhatIfResult;
import uk.smartmeter.restricted.application.port.out.WhatIfStore;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.gate.GateDenied;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.history.HashChain;
import uk.smartmeter.restricted.domain.reporting.CatalogueTimeline;
import uk.smartmeter.restricted.domain.reporting.MonthFacts;
import uk.smartmeter.restricted.domain.reporting.OutcomeRow;
import uk.smartmeter.restricted.domain.reporting.SrvIndex;
import uk.smartmeter.restricted.domain.reporting.WhatIf;

/**
 * What-if replay of a candidate SRV catalogue (issue 18, F15): the month's view of the meters, from its month start
 * when one is kept or else the store's beginning (as the monthly report takes it), then one pass over the month's
 * outcome logs with {@link WhatIf} as the sink. The answer and its full list of changed rows are kept under the
 * caller's ID; nothing live changes.
 */
public final class WhatIfService implements EvaluateCatalogue {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final String CHANGES_HEADER = "file,line,request_id,device_id,srv,direction,device_type,supplier";
    public static final int MAX_FIRST = 1000;

    private final DeviceEventLog events;
    private final OutcomeLogs logs;
    private final MonthStarts monthStarts;
    private final WhatIfStore store;
    private final SrvCatalogue live;
    private final Clock clock;
    private final long maxInputBytes;
    private final java.util.function.Supplier<List<CatalogueTimeline.Step>> catalogueSchedule;

    /** Against one catalogue in force at every time. */
    public WhatIfService(DeviceEventLog events, OutcomeLogs logs, MonthStarts monthStarts, WhatIfStore store,
                         SrvCatalogue live, Clock clock, long maxInputBytes) {
        this(events, logs, monthStarts, store, live, clock, maxInputBytes,
                () -> List.of(new CatalogueTimeline.Step(null, live)));
    }

    /**
     * @param catalogueSchedule the adopted catalogues in effective order, each with its effective instant (the
     *                          first's may be null): a row's verdict before is the one in force at its time
     */
    public WhatIfService(DeviceEventLog events, OutcomeLogs logs, MonthStarts monthStarts, WhatIfStore store,
                         SrvCatalogue live, Clock clock, long maxInputBytes,
                         java.util.function.Supplier<List<CatalogueTimeline.Step>> catalogueSchedule) {
        this.catalogueSchedule = Objects.requireNonNull(catalogueSchedule);
        this.events = Objects.requireNonNull(events);
        this.logs = Objects.requireNonNull(logs);
        this.monthStarts = Objects.requireNonNull(monthStarts);
        this.store = Objects.requireNonNull(store);
        this.live = Objects.requireNonNull(live);
        this.clock = Objects.requireNonNull(clock);
        this.maxInputBytes = maxInputBytes;
    }

    /** The candidate, validated as the live catalogue is, and classifying exactly its SRVs. */
    public SrvCatalogue candidate(String csv) {
        try {
            return SrvCatalogue.like(csv, live);
        } catch (IllegalArgumentException invalid) {
            throw new ReportRefused(ServiceRefusal.CATALOGUE_INVALID, invalid.getMessage());
        }
    }

    @Override
    public WhatIfResult evaluate(Actor by, String whatIfId, YearMonth month, List<String> outcomeLogs,
                                 String candidateCsv, int first) {
        if (whatIfId == null || !ID.matcher(whatIfId).matches()) {
            throw new IllegalArgumentException("whatIfId: 1 to 64 letters, digits, . _ or -, beginning with a letter"
                    + " or digit");
        }
        if (first < 0 || first > MAX_FIRST) {
            throw new IllegalArgumentException("first: 0 to " + MAX_FIRST);
        }
        SrvCatalogue candidate = candidate(candidateCsv);
        String candidateSha = sha256(candidateCsv);
        List<String> chosen = MonthlyReportService.canonicalLogs(logs, outcomeLogs);
        MonthlyReportService.checkedBytes(logs, chosen, maxInputBytes);
        Optional<WhatIfResult> kept = store.find(whatIfId);
        if (kept.isPresent()) {
            return same(kept.get(), month, chosen, candidateSha);
        }
        long position = events.head();
        MonthFacts facts = facts(month, position);
        SrvIndex srvs = new SrvIndex(live);
        CatalogueTimeline inForce = new CatalogueTimeline(srvs, CatalogueTimeline.within(catalogueSchedule.get(),
                uk.smartmeter.restricted.domain.history.RestrictedIntervals.startOf(month),
                uk.smartmeter.restricted.domain.history.RestrictedIntervals.startOf(month.plusMonths(1))));
        String spool = java.util.UUID.randomUUID().toString();
        boolean kept2 = false;
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<WhatIfResult.ChangedRow> listed = new ArrayList<>();
            WhatIf whatIf;
            OutcomeLogs.Read read;
            try (Writer out = store.spool(whatIfId, spool)) {
                write(out, digest, CHANGES_HEADER + "\r\n");
                whatIf = new WhatIf(facts.finish(), srvs, inForce, live, candidate, (row, direction, type, supplier) -> {
                    WhatIfResult.ChangedRow changed = changedRow(row, direction, type, supplier);
                    if (listed.size() < first) {
                        listed.add(changed);
                    }
                    write(out, digest, HashChain.csvRecord(java.util.Arrays.asList(HashChain.exportCell(changed.file()),
                            Long.toString(changed.line()), HashChain.exportCell(changed.requestId()), changed.deviceId(),
                            changed.srv(), changed.direction(), changed.deviceType(), changed.supplier())) + "\r\n");
                });
                read = logs.read(chosen, srvs, month, whatIf, (bytes, rows) -> { });
            }
            Map<WhatIf.Direction, WhatIf.Counts> changes = new EnumMap<>(WhatIf.Direction.class);
            for (WhatIf.Direction direction : WhatIf.Direction.values()) {
                changes.put(direction, whatIf.counts(direction));
            }
            WhatIfResult result = new WhatIfResult(whatIfId, month.toString(), by.party().value() + "/"
                    + by.role().name(), clock.instant(), inForce.versions(), candidate.version(), candidateSha, position,
                    read.inputs(), whatIf.rows(), whatIf.onRestrictedMeters(), changes, listed,
                    HexFormat.of().formatHex(digest.digest()));
            if (!store.keep(result, spool)) {
                return same(store.find(whatIfId).orElseThrow(), month, chosen, candidateSha);
            }
            kept2 = true;
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        } finally {
            if (!kept2) {
                store.discard(whatIfId, spool);
            }
        }
    }

    /** A kept answer, if it was asked with the same inputs; the ID with others is refused. */
    private static WhatIfResult same(WhatIfResult kept, YearMonth month, List<String> chosen, String candidateSha) {
        List<String> keptLogs = kept.logs().stream().map(uk.smartmeter.restricted.domain.reporting.MonthlyReport
                .LogInput::name).toList();
        if (!kept.month().equals(month.toString()) || !keptLogs.equals(chosen)
                || !kept.candidateSha256().equals(candidateSha)) {
            throw new ReportRefused(ServiceRefusal.WHAT_IF_ID_REUSED, "what-if " + kept.whatIfId() + " was asked at "
                    + kept.requestedAt() + " with other inputs");
        }
        return kept;
    }

    private MonthFacts facts(YearMonth month, long position) {
        Optional<MonthStarts.Found> start = monthStarts.find(month).filter(found -> found.position() <= position);
        MonthFacts facts = new MonthFacts(month);
        long after = -1;
        if (start.isPresent()) {
            try {
                monthStarts.read(month, facts::seed);
                after = start.get().position();
            } catch (RuntimeException unreadable) {
                facts = new MonthFacts(month);
            }
        }
        MonthFacts filled = facts;
        events.replay(after, position, new DeviceEventLog.Listener() {
            @Override
            public void event(long at, DeviceEvent event) {
                filled.on(event);
            }

            @Override
            public void denied(long at, GateDenied denied) {
                filled.on(denied);
            }
        });
        return filled;
    }

    private static WhatIfResult.ChangedRow changedRow(OutcomeRow row, WhatIf.Direction direction, DeviceType type,
                                                      String supplier) {
        return new WhatIfResult.ChangedRow(row.file(), row.line(), row.requestId(), row.deviceId(), row.srvText(),
                direction.name(), type.name(), supplier);
    }

    private static void write(Writer out, MessageDigest digest, String text) {
        try {
            out.write(text);
            digest.update(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<WhatIfResult> find(String whatIfId) {
        return store.find(whatIfId);
    }

    @Override
    public Optional<InputStream> changes(String whatIfId) {
        return store.changes(whatIfId);
    }

    private static String sha256(String text) {
        return MonthlyReportService.sha256(text == null ? "" : text);
    }
}
