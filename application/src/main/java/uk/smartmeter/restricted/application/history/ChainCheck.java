package uk.smartmeter.restricted.application.history;

/**
 * The result of recomputing both hash chains: how many entries were checked, and the first entry whose
 * stored hash does not match (null when the whole history verifies), with the chain it broke.
 */
public record ChainCheck(long entriesChecked, boolean intact, Long firstBreakAt, String brokenChain, String detail) {
}
