package uk.smartmeter.restricted.domain.gate;

/** What kind of traffic an SRV is. Only reads of consumption data are ever turned away for a Restricted meter. */
public enum SrvClass {
    CONSUMPTION_READ,
    TARIFF,
    PREPAYMENT,
    PAYMENT_MODE,
    CONSUMER_MESSAGING,
    CONSUMER_ACCESS,
    CONFIGURATION,
    EVENT_LOG,
    SECURITY_CREDENTIALS,
    SCHEDULE,
    SUPPLY,
    AUXILIARY_LOAD,
    COMMS_HUB,
    INVENTORY,
    FIRMWARE,
    NETWORK;

    /**
     * Traffic that must always reach the meter (BR4: firmware, tariffs, credentials, supply, the Comms Hub and inventory):
     * no adopted catalogue may make it consumption, and the gate lets it through even when it cannot tell which
     * catalogue is in force.
     */
    public boolean alwaysFlows() {
        return switch (this) {
            case TARIFF, PAYMENT_MODE, SECURITY_CREDENTIALS, SUPPLY, COMMS_HUB, INVENTORY, FIRMWARE -> true;
            default -> false;
        };
    }
}
