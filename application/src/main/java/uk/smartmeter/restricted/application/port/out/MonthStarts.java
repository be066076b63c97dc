package uk.smartmeter.restricted.application.port.out;

import java.time.YearMonth;
import java.util.Optional;
import java.util.function.Consumer;
import uk.smartmeter.restricted.domain.reporting.MonthFacts;

/**
 * Month-start checkpoints of the device states (issue 17): for a month, the states of every meter at a position of
 * the store just before it, so that the month's report replays only what came after. Kept with a digest; a
 * checkpoint whose content no longer matches it is refused, never read.
 */
public interface MonthStarts {

    /** A kept checkpoint: its position in the store, and how many meters it holds. */
    record Found(long position, long meters) {
    }

    Optional<Found> find(YearMonth month);

    /**
     * Hands every meter's state to {@code sink}, in order; throws {@link IllegalStateException} when the kept content
     * does not match its digest or cannot be read.
     */
    void read(YearMonth month, Consumer<MonthFacts.MeterState> sink);

    /** Keeps the month's checkpoint at {@code position}, its states written by {@code states}; the first one kept stays. */
    void save(YearMonth month, long position, Consumer<Consumer<MonthFacts.MeterState>> states);
}
