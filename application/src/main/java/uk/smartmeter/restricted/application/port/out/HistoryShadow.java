package uk.smartmeter.restricted.application.port.out;

import java.util.List;
import uk.smartmeter.restricted.domain.history.MerkleTree;

/**
 * The history's tables built afresh beside the live ones, and swapped in whole: readers see the old tables
 * or the new, never a half-built one.
 */
public interface HistoryShadow {

    /** Empty new tables (any left by an interrupted rebuild are dropped first). */
    void create();

    /** Appends entries (with their leaf numbers) and the tree nodes they completed to the new tables. */
    void append(List<HistoryStore.Stored> entries, List<MerkleTree.Node> nodes);

    /** Builds the new tables' indexes, once the bulk of the entries is in. */
    void index();

    /**
     * In one transaction: takes the history's lock row (so no batch of the history processor is half
     * written), runs {@code catchUp} (which appends what was stored since, and may throw to refuse the swap),
     * puts the new tables in the live ones' place and moves the generation on.
     */
    void swap(Runnable catchUp);

    /** Drops the new tables, if any. */
    void drop();
}
