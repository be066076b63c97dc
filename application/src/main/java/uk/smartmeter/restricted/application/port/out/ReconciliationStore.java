package uk.smartmeter.restricted.application.port.out;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.smartmeter.restricted.domain.reconciliation.Mismatch;
import uk.smartmeter.restricted.domain.reconciliation.MismatchKind;

/**
 * Reconciliation runs, shared by every node, and their forms kept beside the monthly reports: a report (JSON, CSV, a
 * chart), every finding by kind (paged) and every bad line.
 */
public interface ReconciliationStore {

    /** A bad registration line, as a run lists it. */
    record BadLine(String input, long line, String field, String rule) {
    }

    /** Records a new run as running, unless the ID is taken: then answers the run that has it. */
    Optional<ReconciliationRun> claim(ReconciliationRun run, String node);

    /** The node that claimed it is still at it (waiting its turn, or running). */
    void beat(String reconciliationId, Instant at);

    /** The node running it is still at it, this far. */
    void progress(String reconciliationId, long linesRead, Instant at);

    /**
     * Writes the forms of a finished run, then, in one transaction, marks it DONE with their SHA-256 and runs
     * {@code record} with the stored run (its entry in the history, which names the forms' SHA-256); answers the stored
     * run. The bad lines listed are the first ones;
     * {@code run} counts them all.
     */
    ReconciliationRun finish(ReconciliationRun run, Map<MismatchKind, List<Mismatch>> findings, List<BadLine> badLines,
                             java.util.function.Consumer<ReconciliationRun> record);

    /** Marks it FAILED and runs {@code record}, in one transaction. */
    void fail(ReconciliationRun run, Runnable record);

    /**
     * Marks FAILED every running run whose node has not reported within {@code staleAfter}, each in one transaction
     * with {@code record} (its history entry); answers them.
     */
    List<ReconciliationRun> reapStale(Duration staleAfter, Instant now,
                                      java.util.function.Consumer<ReconciliationRun> record);

    Optional<ReconciliationRun> find(String reconciliationId);

    List<ReconciliationRun> recent(int limit);

    Optional<FindingsPage> page(ReconciliationRun run, MismatchKind kind, long cursor, int limit);

    Optional<InputStream> form(ReconciliationRun run, String form);
}
