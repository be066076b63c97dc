package uk.smartmeter.restricted.application.port.out;

import java.io.InputStream;
import java.io.Writer;
import java.util.Optional;

/**
 * What-if answers (issue 18, F15), kept beside the monthly reports so that the full list can be downloaded later:
 * each answer with the SHA-256 of its list, a list served only while it still has it.
 */
public interface WhatIfStore {

    /** A writer of an answer's full list under a name of its own, not yet kept. */
    Writer spool(String whatIfId, String spool);

    /** Keeps the answer and moves its spooled list into place; answers false, keeping nothing, when the ID is taken. */
    boolean keep(WhatIfResult result, String spool);

    void discard(String whatIfId, String spool);

    Optional<WhatIfResult> find(String whatIfId);

    /** The full list, checked against its SHA-256 as kept (refused by name when it differs). */
    Optional<InputStream> changes(String whatIfId);
}
