package uk.smartmeter.restricted.application.gate;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import uk.smartmeter.restricted.application.port.out.CatalogueAdoptions;
import uk.smartmeter.restricted.domain.gate.AlertCatalogue;
import uk.smartmeter.restricted.domain.gate.RestrictedGate;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.gate.SrvEntry;

/**
 * Which SRV catalogue the gate uses at each instant (issue 18): the bundled one, then each adopted one from its
 * effective time (of adoptions effective at the same instant, the later recorded). Every node loads the adoptions
 * from the store now and then; an adoption takes effect at least {@code lead} after it is recorded, so a node that
 * loaded within the last {@code lead} knows the catalogue in force exactly, and switches at the effective instant
 * itself. A node that has not loaded for longer does not know: {@link #knownAt} is false and the gate fails closed on
 * consumption SRVs (R3), as it does when its index is not current.
 */
public final class CatalogueSchedule {

    private record Step(long fromMillis, SrvCatalogue catalogue, RestrictedGate gate, String adoptionId) {
    }

    private final SrvCatalogue bundled;
    private final AlertCatalogue alerts;
    private final Duration lead;
    private final Map<String, SrvCatalogue> parsed = new HashMap<>();
    private volatile Step[] steps;
    /** When the adoptions were last loaded; Long.MIN_VALUE before the first load. */
    private volatile long loadedAtMillis = Long.MIN_VALUE;

    public CatalogueSchedule(SrvCatalogue bundled, AlertCatalogue alerts, Duration lead) {
        this.bundled = Objects.requireNonNull(bundled);
        this.alerts = Objects.requireNonNull(alerts);
        this.lead = Objects.requireNonNull(lead);
        this.steps = new Step[] {new Step(Long.MIN_VALUE, bundled, new RestrictedGate(bundled, alerts), null)};
    }

    /** A schedule of the bundled catalogue only, always known (for a gate with no adoptions at all). */
    public static CatalogueSchedule fixed(RestrictedGate gate) {
        CatalogueSchedule schedule = new CatalogueSchedule(gate.catalogue(), gate.alerts(), Duration.ofDays(365_000));
        schedule.steps = new Step[] {new Step(Long.MIN_VALUE, gate.catalogue(), gate, null)};
        schedule.loadedAtMillis = 0;
        return schedule;
    }

    /** The catalogue bundled with the service, in force until the first adoption. */
    public SrvCatalogue bundled() {
        return bundled;
    }

    public Duration lead() {
        return lead;
    }

    /** Takes every adoption as the store has them now, loaded at {@code loadedAt}. */
    public synchronized void load(List<CatalogueAdoptions.Adoption> adoptions, Instant loadedAt) {
        List<CatalogueAdoptions.Adoption> ordered = new ArrayList<>(adoptions);
        // stable: of equal effective times, the later recorded stays later
        ordered.sort(Comparator.comparing(CatalogueAdoptions.Adoption::effectiveFrom));
        List<Step> next = new ArrayList<>();
        next.add(new Step(Long.MIN_VALUE, bundled, new RestrictedGate(bundled, alerts), null));
        for (CatalogueAdoptions.Adoption adoption : ordered) {
            SrvCatalogue catalogue = parsed.computeIfAbsent(adoption.sha256(), sha -> parse(adoption));
            Step last = next.get(next.size() - 1);
            RestrictedGate gate = last.catalogue() == catalogue ? last.gate() : new RestrictedGate(catalogue, alerts);
            next.add(new Step(adoption.effectiveFrom().toEpochMilli(), catalogue, gate, adoption.adoptionId()));
        }
        steps = next.toArray(Step[]::new);
        loadedAtMillis = loadedAt.toEpochMilli();
    }

    /** The adoption's file, refused (the whole load fails, and the schedule goes unknown) if it is not as adopted. */
    private static SrvCatalogue parse(CatalogueAdoptions.Adoption adoption) {
        String csv = adoption.csv();
        try {
            String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            if (!sha.equals(adoption.sha256())) {
                throw new IllegalStateException("adoption " + adoption.adoptionId() + ": its stored file no longer has"
                        + " the SHA-256 it was adopted with");
            }
            return SrvCatalogue.parse(new StringReader(csv));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Step stepAt(long millis) {
        Step[] all = steps;
        for (int i = all.length - 1; i > 0; i--) {
            if (millis >= all[i].fromMillis()) {
                return all[i];
            }
        }
        return all[0];
    }

    /** The gate over the catalogue in force at this instant (epoch milliseconds); allocates nothing. */
    public RestrictedGate gateAt(long millis) {
        return stepAt(millis).gate();
    }

    public SrvCatalogue at(Instant instant) {
        return stepAt(instant.toEpochMilli()).catalogue();
    }

    /** The adoption in force at this instant; null while the bundled catalogue is. */
    public String adoptionAt(Instant instant) {
        return stepAt(instant.toEpochMilli()).adoptionId();
    }

    /** When this node last read the adoptions; null before its first read. */
    public Instant loadedAt() {
        long loaded = loadedAtMillis;
        return loaded == Long.MIN_VALUE ? null : Instant.ofEpochMilli(loaded);
    }

    /** Whether this node knows the catalogue in force at this instant (epoch milliseconds). */
    public boolean knownAt(long millis) {
        long loaded = loadedAtMillis;
        // half the lead: the other half covers an adoption's transaction, stamped before it commits, and clock skew
        // between nodes
        return loaded != Long.MIN_VALUE && millis >= loaded && millis - loaded < lead.toMillis() / 2;
    }

    /** Every step of the schedule, in effective order: the bundled catalogue (from null), then each adoption. */
    public List<uk.smartmeter.restricted.domain.reporting.CatalogueTimeline.Step> steps() {
        List<uk.smartmeter.restricted.domain.reporting.CatalogueTimeline.Step> all = new ArrayList<>();
        for (Step step : steps) {
            all.add(new uk.smartmeter.restricted.domain.reporting.CatalogueTimeline.Step(
                    step.fromMillis() == Long.MIN_VALUE ? null : Instant.ofEpochMilli(step.fromMillis()),
                    step.catalogue()));
        }
        return all;
    }

    /** The version of the catalogue this entry was looked up in (entries are never shared between catalogues). */
    public String versionOf(SrvEntry entry) {
        for (Step step : steps) {
            if (step.catalogue().entry(entry.srv()).orElse(null) == entry) {
                return step.catalogue().version();
            }
        }
        return bundled.version();
    }
}
