package uk.smartmeter.restricted.application.gate;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import uk.smartmeter.restricted.application.port.in.AdoptCatalogue;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;
import uk.smartmeter.restricted.application.port.out.CatalogueAdoptions;
import uk.smartmeter.restricted.application.port.out.ServiceEvents;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.gate.CatalogueAdopted;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;

/**
 * Adopting an SRV catalogue (issue 18): validated as the live one is (and classifying exactly the bundled
 * catalogue's SRVs), recorded with its SHA-256 in the store and, in the same transaction, as a history event; then
 * every node's {@link CatalogueSchedule} loads it and the gate uses it from its effective time. A version names one
 * file: the same version with another SHA-256 is refused. Rolling back is adopting an earlier version again.
 */
public final class CatalogueService implements AdoptCatalogue {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final CatalogueAdoptions adoptions;
    private final CatalogueSchedule schedule;
    private final ServiceEvents events;
    private final SrvCatalogue bundled;
    private final Clock clock;

    public CatalogueService(CatalogueAdoptions adoptions, CatalogueSchedule schedule, ServiceEvents events,
                            SrvCatalogue bundled, Clock clock) {
        this.adoptions = Objects.requireNonNull(adoptions);
        this.schedule = Objects.requireNonNull(schedule);
        this.events = Objects.requireNonNull(events);
        this.bundled = Objects.requireNonNull(bundled);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Adopted adopt(Actor by, String adoptionId, Instant effectiveFrom, String csv) {
        if (adoptionId == null || !ID.matcher(adoptionId).matches()) {
            throw new IllegalArgumentException("adoptionId: 1 to 64 letters, digits, . _ or -, beginning with a letter"
                    + " or digit");
        }
        SrvCatalogue catalogue;
        try {
            catalogue = SrvCatalogue.adoptable(csv, bundled);
        } catch (IllegalArgumentException invalid) {
            throw new CatalogueRefused(ServiceRefusal.CATALOGUE_INVALID, invalid.getMessage());
        }
        String sha = sha256(csv);
        Instant from = Objects.requireNonNull(effectiveFrom).truncatedTo(ChronoUnit.MICROS);
        Optional<CatalogueAdoptions.Adoption> known = adoptions.find(adoptionId);
        if (known.isPresent()) {
            return repeat(known.get(), sha, from);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (from.isBefore(now.plus(schedule.lead()))) {
            throw new CatalogueRefused(ServiceRefusal.CATALOGUE_EFFECTIVE_TOO_SOON, "an adoption takes effect at least "
                    + schedule.lead().toSeconds() + " s after it is made, so that every node holds it before: "
                    + from + " is before " + now.plus(schedule.lead()));
        }
        if (catalogue.version().equals(bundled.version()) && !new java.util.HashSet<>(catalogue.entries()).equals(new java.util.HashSet<>(bundled.entries()))) {
            throw new CatalogueRefused(ServiceRefusal.CATALOGUE_VERSION_CONFLICT, "version " + bundled.version()
                    + " is the bundled catalogue; give another file a new version");
        }
        for (CatalogueAdoptions.Adoption earlier : adoptions.all()) {
            if (earlier.version().equals(catalogue.version()) && !earlier.sha256().equals(sha)) {
                throw new CatalogueRefused(ServiceRefusal.CATALOGUE_VERSION_CONFLICT, "version " + catalogue.version()
                        + " was adopted as another file (sha256 " + earlier.sha256() + ", adoption "
                        + earlier.adoptionId() + "); give a new version a new number");
            }
        }
        CatalogueAdoptions.Adoption adoption = new CatalogueAdoptions.Adoption(adoptionId, catalogue.version(), sha,
                from, by.party().value() + "/" + by.role().name(), now, csv);
        CatalogueAdoptions.Outcome outcome = adoptions.adopt(adoption, () -> events.publish(new CatalogueAdopted(
                adoptionId, catalogue.version(), sha, from, by, now)));
        if (outcome == CatalogueAdoptions.Outcome.ID_TAKEN) {
            return repeat(adoptions.find(adoptionId).orElseThrow(), sha, from);
        }
        if (outcome == CatalogueAdoptions.Outcome.VERSION_TAKEN) {
            throw new CatalogueRefused(ServiceRefusal.CATALOGUE_VERSION_CONFLICT, "version " + catalogue.version()
                    + " was adopted as another file, at the same time elsewhere; give a new version a new number");
        }
        schedule.load(adoptions.all(), now);
        return new Adopted(adoption, true);
    }

    private static Adopted repeat(CatalogueAdoptions.Adoption known, String sha, Instant from) {
        if (!known.sha256().equals(sha) || !known.effectiveFrom().equals(from)) {
            throw new CatalogueRefused(ServiceRefusal.CATALOGUE_ADOPTION_ID_REUSED, "adoption " + known.adoptionId()
                    + " was made at " + known.recordedAt() + " with another catalogue or effective time");
        }
        return new Adopted(known, false);
    }

    /** Loads every adoption from the store into this node's schedule (every node, now and then). */
    public void refresh() {
        Instant started = clock.instant();
        schedule.load(adoptions.all(), started);
    }

    @Override
    public Adoptions adoptions() {
        Instant now = clock.instant();
        SrvCatalogue inForce = schedule.at(now);
        return new Adoptions(adoptions.all().stream().map(a -> new CatalogueAdoptions.Adoption(a.adoptionId(),
                a.version(), a.sha256(), a.effectiveFrom(), a.adoptedBy(), a.recordedAt(), null)).toList(),
                schedule.adoptionAt(now), inForce.version());
    }

    @Override
    public Optional<CatalogueAdoptions.Adoption> find(String adoptionId) {
        return adoptions.find(adoptionId);
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
