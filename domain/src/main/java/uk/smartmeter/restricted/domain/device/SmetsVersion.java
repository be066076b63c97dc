package uk.smartmeter.restricted.domain.device;

/** The technical specification generation a meter was built to. */
public enum SmetsVersion {
    SMETS1,
    SMETS2,
    SMETS3;

    /** MP169 applies to SMETS2 and later devices only. */
    public boolean isSmets2OrLater() {
        return this != SMETS1;
    }
}
