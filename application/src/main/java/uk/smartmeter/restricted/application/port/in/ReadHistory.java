package uk.smartmeter.restricted.application.port.in;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import uk.smartmeter.restricted.application.port.out.HistoryEntry;
import uk.smartmeter.restricted.application.port.out.HistoryStore;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;

/**
 * The regulator's questions. Who may see what: REGULATOR and DCC see everything; a Supplier sees a
 * device's entries only from its own tenure within the current tenancy, and nothing else.
 */
public interface ReadHistory {

    /** Empty when the device has no entries the viewer may see (unknown and not-yours answer alike). */
    Optional<HistoryPage> deviceHistory(Actor viewer, DeviceId device, long after, int limit, Set<String> kinds,
                                        Instant from, Instant to);

    /**
     * What was true of the device at effective time T as recorded by T′; empty (and the refusal recorded)
     * when the device is unknown.
     */
    Optional<AsOfAnswer> asOf(Actor viewer, DeviceId device, Instant effectiveAt, Instant recordedBy);

    /**
     * Counts per month, kind, acting party and reason of the entries that pass the filter (by default the
     * flag's applications, clears and automatic ends, and refusals), in that order.
     */
    List<SummaryRow> summary(HistoryStore.ExportFilter filter);

    /** The Merkle tree's head: its size and root. */
    uk.smartmeter.restricted.application.port.in.TreeProofs.Head treeHead();

    /**
     * The inclusion proof of an event's entry in the tree of {@code treeSize} leaves (null: the current head);
     * empty when no leaf holds that event.
     *
     * @throws IllegalArgumentException when the tree is smaller than asked, or the entry is not in it
     */
    Optional<uk.smartmeter.restricted.application.port.in.TreeProofs.Inclusion> inclusion(String eventId,
                                                                                        Long treeSize);

    /**
     * The consistency proof between two tree sizes.
     *
     * @throws IllegalArgumentException unless 1 ≤ first ≤ second ≤ the tree's size
     */
    uk.smartmeter.restricted.application.port.in.TreeProofs.Consistency consistency(long first, long second);

    /** The entries that pass the filter, in global order, streamed (REGULATOR and DCC only). */
    void export(HistoryStore.ExportFilter filter, Consumer<HistoryEntry> rows);
}
