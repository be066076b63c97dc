package uk.smartmeter.restricted.application.port.in;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import uk.smartmeter.restricted.application.port.out.ReconciliationRun;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.reconciliation.MismatchKind;
import uk.smartmeter.restricted.domain.reconciliation.RegistrationScope;

/** Reconciliation of the store's meters with registration (issue 18, F14): runs, their findings and their forms. */
public interface ReconcileRegistration {

    /**
     * Starts a run over the named registration files, in the background. The same ID with the same files and scope
     * answers the run already asked for (it is not run twice); with other files or another scope it is refused.
     *
     * @param scope a snapshot of every registered point (a store meter it does not list has no registration), or a
     *              day's delta (only the points it lists are compared)
     */
    Started start(Actor by, String reconciliationId, List<String> registrationFiles, RegistrationScope scope);

    /** A run as {@link #start} answers it: {@code fresh} when this call asked for it, false for a repeat. */
    record Started(ReconciliationRun run, boolean fresh) {
    }

    /** Runs it here and now (the command line), telling {@code progress} as it goes. */
    ReconciliationRun run(Actor by, String reconciliationId, List<String> registrationFiles, RegistrationScope scope,
                          java.util.function.Consumer<ReconciliationRun> progress);

    Optional<ReconciliationRun> find(String reconciliationId);

    /** The newest runs first. */
    List<ReconciliationRun> recent(int limit);

    /** A page of one kind's findings, Restricted meters first: from {@code cursor} (0 first), at most {@code limit}. */
    Optional<uk.smartmeter.restricted.application.port.out.FindingsPage> findings(String reconciliationId, MismatchKind kind, long cursor, int limit);

    /** A finished run's stored form (json, csv, svg, findings, bad-lines), checked against its SHA-256 as it is read. */
    Optional<InputStream> form(String reconciliationId, String form);
}
