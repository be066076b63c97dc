package uk.smartmeter.restricted.application.port.in;

import java.util.List;
import uk.smartmeter.restricted.application.history.HistoryVerification;

/**
 * What a verification of the history found: the tree recomputed from the stored entries, every stored and
 * archived checkpoint's signature and root, and the history reconciled with the event store entry by entry.
 *
 * @param intact             true when nothing was found
 * @param entriesChecked     history entries read
 * @param eventsChecked      stored events the history holds, derived again and compared
 * @param checkedUpTo        the global index up to which the history was reconciled (the history processor's position)
 * @param treeSize           leaves in the stored tree
 * @param root               the stored tree's root, recomputed from the entries (hex)
 * @param checkpointsChecked signed checkpoints checked (database and archive, each size once)
 * @param findings           what was found, in order of the history (at most {@value HistoryVerification#MAX_FINDINGS})
 * @param findingsTruncated  true when more were found than listed
 * @param firstBreakAt       the global index of the first finding that names an entry (null when none does)
 * @param detail             the first finding, in words
 */
public record Verification(boolean intact, long entriesChecked, long eventsChecked, long checkedUpTo, long treeSize,
                           String root, long checkpointsChecked, List<Finding> findings, boolean findingsTruncated,
                           Long firstBreakAt, String detail) {

    /**
     * One thing found.
     *
     * @param kind           CHANGED (an entry no longer says what its event says, and a signed checkpoint holds the
     *                       event's version), MISSING (an event has no entry), EXTRA (an entry has no event),
     *                       EVENT_CHANGED (the event store no longer says what the signed history says), DIFFERS
     *                       (entry and event disagree and no checkpoint covers them yet), TRUNCATED (the history
     *                       ends before a signed checkpoint's size), REWRITTEN (the history's tree contradicts a
     *                       signed checkpoint), REBUILT_FROM_EDITED_EVENTS (history and event store agree, but
     *                       both contradict a signed checkpoint), EVENTS_TRUNCATED (the event store has fewer
     *                       events than a signed checkpoint covers), CHAIN_HASH_ALTERED (an entry's stored hash
     *                       columns do not match its content), TREE_NODES_ALTERED (the stored tree nodes the
     *                       proofs are built from do not give the recomputed root), CHECKPOINT_INVALID (a
     *                       checkpoint's signature or stored columns do not hold), CHECKPOINT_DELETED (a
     *                       checkpoint in the archive is gone from the database), CHECKPOINTS_FORKED (two signed
     *                       checkpoints of one size with different roots)
     */
    public record Finding(String kind, Long globalIndex, String eventId, Long leafIndex, Long checkpointSize,
                          String detail) {
    }
}
