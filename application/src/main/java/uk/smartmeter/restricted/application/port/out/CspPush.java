package uk.smartmeter.restricted.application.port.out;

import java.util.Optional;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.CspRegion;

/** The push side of the CSP notices (a message broker), when one is configured. */
public interface CspPush {

    /** Whether notices are pushed at all; the pull feed is always there. */
    boolean enabled();

    /**
     * Re-delivers a region's notices after a feed position, up to the last one pushed when asked, with
     * their original content and in their original order. Empty when push is not configured.
     */
    Optional<ReplayTicket> replay(CspRegion region, long afterFeedPosition, Actor requestedBy);

    /** Wakes the publisher: new notices or a new exclusion list are waiting. */
    void wake();

    /** No push: the pull feed only. */
    CspPush NONE = new CspPush() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public Optional<ReplayTicket> replay(CspRegion region, long afterFeedPosition, Actor requestedBy) {
            return Optional.empty();
        }

        @Override
        public void wake() {
        }
    };
}
