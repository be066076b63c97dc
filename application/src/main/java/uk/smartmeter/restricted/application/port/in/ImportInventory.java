package uk.smartmeter.restricted.application.port.in;

import java.util.function.Consumer;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.domain.device.command.EnrolDevice;

/**
 * A bulk inventory import (DCC): its lines are enrolled in chunks, in parallel, each chunk in one transaction, and
 * answered in the file's order. A meter named twice is decided in file order, whichever chunks hold it.
 */
public interface ImportInventory {

    /** One line's answer: the line as the caller offered it, and its outcome ({@code null}: the line had no command). */
    record Answer<T>(T line, CommandOutcome outcome) {
    }

    /** An import under way; close it to finish (every offered line is answered before close returns). */
    interface Session<T> extends AutoCloseable {

        /**
         * Offers the next line, in file order: its enrolment, or {@code null} when the caller has already answered it
         * (a line that broke a field rule), so that it keeps its place. Answers may be delivered meanwhile.
         */
        void offer(T line, EnrolDevice command);

        /** Enrols what is left and delivers every remaining answer. */
        @Override
        void close();
    }

    /** @param answers receives every line's answer, in the order offered, on the caller's thread */
    <T> Session<T> open(Consumer<Answer<T>> answers);
}
