package uk.smartmeter.restricted.domain.reconciliation;

/** What a reconciliation with registration can find (issue 18, F14), in the order listings give them. */
public enum MismatchKind {
    /** The Restricted flag is held under a Supplier that registration does not name for the meter point. */
    FLAG_UNDER_UNREGISTERED_SUPPLIER,
    /** Registration names another Supplier than the store's responsible one: a Change of Supplier that never arrived. */
    CHANGE_OF_SUPPLIER_NOT_RECEIVED,
    /** Registration's fuel or the registered Supplier's role does not fit the store's meter. */
    FUEL_OR_ROLE_MISMATCH,
    /** A meter point registration lists that no meter in the store has. */
    MPXN_UNKNOWN,
    /** A meter in the store whose meter point registration does not list. */
    NO_REGISTRATION
}
