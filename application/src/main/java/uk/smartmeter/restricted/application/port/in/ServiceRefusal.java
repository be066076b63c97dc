package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.RefusalReason;

/**
 * The service's own refusals, beside MP169's: the monthly reports', the history's and the CSP push's. Stable codes,
 * part of the public contract like MP169's: add new ones, never rename or reuse one.
 */
public enum ServiceRefusal implements RefusalReason {
    // CSP notifications
    /** A replay over the broker was asked for, but no broker is configured (the pull feed replays by its cursor). */
    CSP_PUSH_NOT_CONFIGURED,

    // Monthly reports
    /** A month's report is published once; recompute it for a new revision instead. */
    REPORT_ALREADY_PUBLISHED,
    /** Reproducing or recomputing needs the month's published report first. */
    REPORT_NOT_PUBLISHED,
    /** A month is published only after it has ended. */
    REPORT_MONTH_NOT_CLOSED,
    /** No stored report (or run) of that month and revision. */
    REPORT_NOT_FOUND,
    /** A named outcome log is not there to read. */
    OUTCOME_LOG_NOT_FOUND,
    /** A stored report file no longer has the SHA-256 kept with its revision: it is not served. */
    REPORT_FILE_ALTERED,
    /**
     * The outcome logs named for a run cannot be read as asked (a name twice, none, too many bytes): the API answers
     * it as a malformed request naming {@code outcomeLogs}.
     */
    REPORT_INPUTS_INVALID,

    // History
    /** No entry of the history's tree holds that event. */
    HISTORY_ENTRY_NOT_FOUND,
    /** No checkpoint of that tree size (or no rebuild of that identifier). */
    HISTORY_CHECKPOINT_NOT_FOUND,
    HISTORY_REBUILD_NOT_FOUND,
    /** Another rebuild of the history is running; one runs at a time. */
    HISTORY_REBUILD_RUNNING,
    /** The history holds entries from before its Merkle tree: rebuild it once before checkpoints are issued. */
    HISTORY_NOT_YET_A_TREE,
    /** A node of the history's tree is missing or broken: verify the history and rebuild it. */
    HISTORY_TREE_DAMAGED,

    // Reconciliation with registration (issue 18)
    /** No reconciliation run of that identifier (or a run not finished, for its forms). */
    RECONCILIATION_NOT_FOUND,
    /** A reconciliation identifier is used once: asked again with other registration files, it is refused. */
    RECONCILIATION_ID_REUSED,
    /**
     * The registration files named cannot be read as asked (none, one twice, missing, not a known header): the API
     * answers it as a malformed request naming {@code registrationFiles}.
     */
    REGISTRATION_INPUTS_INVALID,
    /** A finished run's stored form no longer has the SHA-256 kept with the run: it is not served. */
    RECONCILIATION_FILE_ALTERED,

    // What-if replay of a candidate SRV catalogue (issue 18)
    /**
     * A candidate catalogue that is not valid as the live one is (malformed, an SRV twice, not every DUIS SRV): the API
     * answers it as a malformed request naming {@code catalogue}.
     */
    CATALOGUE_INVALID,
    /** A what-if ID names one question: asked again with other inputs, it is refused. */
    WHAT_IF_ID_REUSED,
    /** No what-if answer of that ID. */
    WHAT_IF_NOT_FOUND,
    /** A kept what-if list no longer has its SHA-256: it is not served. */
    WHAT_IF_FILE_ALTERED,

    // SRV catalogue adoptions (issue 18)
    /** An adoption takes effect at least the schedule's lead after it is made, so every node holds it before. */
    CATALOGUE_EFFECTIVE_TOO_SOON,
    /** A catalogue version names one file: the same version adopted as another file is refused. */
    CATALOGUE_VERSION_CONFLICT,
    /** An adoption ID names one adoption: asked again with another catalogue or time, it is refused. */
    CATALOGUE_ADOPTION_ID_REUSED,
    /** No adoption of that ID. */
    CATALOGUE_ADOPTION_NOT_FOUND
}
