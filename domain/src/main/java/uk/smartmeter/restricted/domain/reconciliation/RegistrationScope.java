package uk.smartmeter.restricted.domain.reconciliation;

/**
 * What a reconciliation's registration files cover (issue 18, F14).
 */
public enum RegistrationScope {
    /**
     * Every meter point registered: a store meter whose point no file lists has no registration
     * ({@link MismatchKind#NO_REGISTRATION}). A snapshot that lists no meter point at all is refused, since it would
     * call every enrolled meter unregistered.
     */
    SNAPSHOT,
    /**
     * A day's changes only: the meter points it lists are compared, and a store meter whose point it does not list is
     * not a finding (its registration did not change that day).
     */
    DELTA
}
