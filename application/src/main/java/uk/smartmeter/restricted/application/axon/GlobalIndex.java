package uk.smartmeter.restricted.application.axon;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;

/**
 * The event's own global index, for a projection fed in commit order (below the store's horizon).
 * There every event's token has no open gap, so its index is the event's; a token with a gap would
 * mean "highest index seen", which a late event shares with an earlier one, so it is refused.
 */
final class GlobalIndex {

    private GlobalIndex() {
    }

    static long of(TrackingToken token) {
        GapAwareTrackingToken position = WrappedToken.unwrap(token, GapAwareTrackingToken.class)
                .orElseThrow(() -> new IllegalStateException("a projection in global order needs a global index, not "
                        + token));
        if (!position.getGaps().isEmpty()) {
            throw new IllegalStateException("event delivered out of commit order (token " + position
                    + "): this projection must read the commit-ordered store");
        }
        return position.getIndex();
    }
}
