package uk.smartmeter.restricted.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import uk.smartmeter.restricted.domain.reconciliation.MismatchKind;
import uk.smartmeter.restricted.domain.reconciliation.RegistrationReconciled;
import uk.smartmeter.restricted.domain.reconciliation.RegistrationScope;

/**
 * A reconciliation with registration (issue 18, F14), as every node answers it: asked for, running, or finished with
 * its counts.
 *
 * @param state          {@code RUNNING}, {@code DONE} or {@code FAILED}
 * @param scope          whether the files are a snapshot of every registered point or a day's delta
 * @param linesRead      registration lines read so far, good and bad, over every input
 * @param storePosition  the event-store position the store's view of the meters was taken at; -1 until taken
 * @param storeMeters    the meters in that view (decommissioned and withdrawn ones are left out)
 * @param meterPoints    the meter points with a registration line in force
 * @param notYetInForce  lines whose effective-from is after the run's time: read, counted, compared with nothing
 * @param counts         findings by kind; empty until done
 * @param restricted     of those, the findings on Restricted meters
 * @param forms          the SHA-256 of each stored form (json, csv, svg, findings, bad-lines); empty until done
 */
public record ReconciliationRun(String reconciliationId, String requestedBy, Instant requestedAt, String state,
                                List<String> registrationFiles, RegistrationScope scope, long linesRead, long storePosition, long storeMeters,
                                long meterPoints, long notYetInForce, List<RegistrationReconciled.Input> inputs,
                                Map<MismatchKind, Long> counts, Map<MismatchKind, Long> restricted,
                                Map<String, String> forms, Instant finishedAt, String detail) {

    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";

    public ReconciliationRun {
        registrationFiles = List.copyOf(registrationFiles);
        scope = scope == null ? RegistrationScope.SNAPSHOT : scope;
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        counts = counts == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(counts));
        restricted = restricted == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(restricted));
        forms = forms == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(forms));
    }

    /** A new run, as first recorded. */
    public static ReconciliationRun asked(String id, String by, Instant at, List<String> files,
                                          RegistrationScope scope) {
        return new ReconciliationRun(id, by, at, RUNNING, files, scope, 0, -1, 0, 0, 0, List.of(), null, null, null, null,
                null);
    }

    public ReconciliationRun withProgress(long lines) {
        return new ReconciliationRun(reconciliationId, requestedBy, requestedAt, state, registrationFiles, scope, lines,
                storePosition, storeMeters, meterPoints, notYetInForce, inputs, counts, restricted, forms, finishedAt,
                detail);
    }

    /** Done, with the SHA-256 of each stored form. */
    public ReconciliationRun done(Map<String, String> formShas) {
        return new ReconciliationRun(reconciliationId, requestedBy, requestedAt, DONE, registrationFiles, scope,
                linesRead, storePosition, storeMeters, meterPoints, notYetInForce, inputs, counts, restricted, formShas,
                finishedAt, detail);
    }

    public ReconciliationRun failed(String why, Instant at) {
        return new ReconciliationRun(reconciliationId, requestedBy, requestedAt, FAILED, registrationFiles, scope, linesRead,
                storePosition, storeMeters, meterPoints, notYetInForce, inputs, Map.of(), Map.of(), Map.of(), at, why);
    }
}
