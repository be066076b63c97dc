package uk.smartmeter.restricted.application.port.out;

import java.util.List;
import uk.smartmeter.restricted.domain.reconciliation.Mismatch;
import uk.smartmeter.restricted.domain.reconciliation.MismatchKind;

/** A page of one kind's findings of a reconciliation, Restricted meters first; {@code nextCursor} null on the last. */
public record FindingsPage(String reconciliationId, MismatchKind kind, long total, List<Mismatch> findings,
                           Long nextCursor) {
}
