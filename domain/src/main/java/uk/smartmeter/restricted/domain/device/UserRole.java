package uk.smartmeter.restricted.domain.device;

/**
 * The role a party acts in. The first seven are DUIS user roles; {@code DCC} is the DCC's own
 * systems, which feed inventory and registration facts; {@code REGULATOR} only reads; {@code CSP}
 * is a Communications Service Provider, which reads its own region's notices.
 */
public enum UserRole {
    /** Import Supplier: responsible Supplier of an electricity meter. */
    IS,
    /** Export Supplier. */
    ES,
    /** Gas Supplier: responsible Supplier of a gas meter. */
    GS,
    /** Electricity Distributor. */
    ED,
    /** Gas Transporter. */
    GT,
    /** Other User. */
    OU,
    /** Registered Supplier Agent. */
    RSA,
    /** The DCC's own systems. */
    DCC,
    /** Ofgem, the SEC Panel and their delegates: read-only. */
    REGULATOR,
    /** A Communications Service Provider (North, Central or South): its region comes with its token. */
    CSP;

    /** The DCC and regulators see every meter; anyone else only the meters it is responsible for. */
    public boolean seesEveryMeter() {
        return this == DCC || this == REGULATOR;
    }
}
