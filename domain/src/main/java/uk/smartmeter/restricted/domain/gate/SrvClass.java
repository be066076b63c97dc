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
    NETWORK
}
