package uk.smartmeter.restricted.application.port.in;

/** Rebuilds the history tables by replaying the whole store; rows and hashes come out identical. */
public interface RebuildHistory {

    /** Starts the rebuild and returns; the history fills again as the replay proceeds. */
    void rebuild();
}
