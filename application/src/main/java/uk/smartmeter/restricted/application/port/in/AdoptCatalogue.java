package uk.smartmeter.restricted.application.port.in;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import uk.smartmeter.restricted.application.port.out.CatalogueAdoptions;
import uk.smartmeter.restricted.domain.device.Actor;

/** SRV catalogues adopted for the gate as recorded DCC decisions (issue 18). */
public interface AdoptCatalogue {

    /**
     * Adopts the catalogue (its CSV, validated as the live one is) from {@code effectiveFrom}, which is at least the
     * schedule's lead after now. The same adoption ID with the same catalogue and time answers the adoption already
     * made ({@code fresh} false); with others it is refused.
     */
    Adopted adopt(Actor by, String adoptionId, Instant effectiveFrom, String csv);

    record Adopted(CatalogueAdoptions.Adoption adoption, boolean fresh) {
    }

    /** Every adoption in recorded order, and the one in force now (null: the bundled catalogue). */
    record Adoptions(List<CatalogueAdoptions.Adoption> adoptions, String inForce, String inForceVersion) {
    }

    Adoptions adoptions();

    Optional<CatalogueAdoptions.Adoption> find(String adoptionId);
}
