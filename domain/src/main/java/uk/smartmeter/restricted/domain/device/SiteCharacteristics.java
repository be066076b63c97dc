package uk.smartmeter.restricted.domain.device;

import java.util.ArrayList;
import java.util.List;

/**
 * What about the site needs the meter to keep communicating (MP169 Annex A, 2.2).
 *
 * @param loadSwitching          Economy 7 or a similar load-switching arrangement
 * @param radioTeleswitch        on a Radio Teleswitch regime
 * @param networkManagedWithoutWan a network-managed site without WAN
 */
public record SiteCharacteristics(boolean loadSwitching, boolean radioTeleswitch, boolean networkManagedWithoutWan) {

    public static final SiteCharacteristics NONE = new SiteCharacteristics(false, false, false);

    /** The exemptions these characteristics create, in a fixed order. */
    public List<Ineligibility> exemptions() {
        List<Ineligibility> found = new ArrayList<>(3);
        if (loadSwitching) {
            found.add(Ineligibility.LOAD_SWITCHING_EXEMPTION);
        }
        if (radioTeleswitch) {
            found.add(Ineligibility.RADIO_TELESWITCH_EXEMPTION);
        }
        if (networkManagedWithoutWan) {
            found.add(Ineligibility.NETWORK_MANAGED_EXEMPTION);
        }
        return List.copyOf(found);
    }
}
