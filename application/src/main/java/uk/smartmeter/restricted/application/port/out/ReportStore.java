package uk.smartmeter.restricted.application.port.out;

import java.io.Writer;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import uk.smartmeter.restricted.application.reporting.ReportRefused;

/**
 * The reports of each month, by revision. Revision 1 is the published one; later revisions are
 * recomputations, kept beside it. Nothing stored is ever overwritten.
 */
public interface ReportStore {

    /** The next revision number of a month (1 when none is stored). */
    int nextRevision(YearMonth month);

    /**
     * Where the rows a revision leaves out are explained, one CSV row each, while it is computed: a spool
     * of this run's own ({@code spool} names it), kept by {@link #save} or removed by {@link #discard}.
     */
    Writer explanation(YearMonth month, int revision, String spool);

    /** Removes what a run that stored nothing (cancelled, failed) had spooled. */
    void discard(YearMonth month, int revision, String spool);

    /**
     * Keeps a revision and its outputs (with the SHA-256 of each form's file, the explanation included);
     * refuses a revision number already taken.
     */
    void save(ReportRevision revision, ReportOutputs outputs, String spool);

    List<ReportRevision> revisions(YearMonth month);

    Optional<ReportRevision> revision(YearMonth month, int revision);

    /**
     * One of a revision's outputs: {@code json}, {@code csv}, {@code svg} or {@code explanation}, served only
     * when its file still has the SHA-256 stored with the revision.
     *
     * @throws ReportRefused {@code REPORT_FILE_ALTERED}, naming the file, when it does not
     */
    Optional<String> output(YearMonth month, int revision, String form);

    /** Keeps a reproduction's result. */
    void saveReproduction(Reproduction reproduction);

    /** A month's reproductions, oldest first. */
    List<Reproduction> reproductions(YearMonth month);

    List<YearMonth> months();
}
