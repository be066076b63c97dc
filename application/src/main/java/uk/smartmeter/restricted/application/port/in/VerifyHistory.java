package uk.smartmeter.restricted.application.port.in;


/** Verifies the history against its signed checkpoints and reconciles it with the event store. */
public interface VerifyHistory {

    Verification verify();
}
