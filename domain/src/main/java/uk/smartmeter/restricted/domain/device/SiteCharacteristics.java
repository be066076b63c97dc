package uk.smartmeter.restricted.domain.device;

/**
 * What about the site needs the meter to keep communicating (MP169 Annex A, 2.2).
 *
 * @param loadSwitching          Economy 7 or a similar load-switching arrangement
 * @param radioTeleswitch        on a Radio Teleswitch regime
 * @param networkManagedWithoutWan a network-managed site without WAN
 */
public record SiteCharacteristics(boolean loadSwitching, boolean radioTeleswitch, boolean networkManagedWithoutWan) {

    public static final SiteCharacteristics NONE = new SiteCharacteristics(false, false, false);
}
