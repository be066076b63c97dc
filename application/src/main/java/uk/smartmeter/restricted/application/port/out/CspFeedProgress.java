package uk.smartmeter.restricted.application.port.out;

/** Whether the CSP notices have caught up with the event store, so that a list computed from them is complete. */
@FunctionalInterface
public interface CspFeedProgress {

    boolean caughtUp();
}
