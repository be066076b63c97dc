package uk.smartmeter.restricted.domain.device;

/** Smart Metering Inventory statuses. */
public enum SmiStatus {
    PENDING,
    WHITELISTED,
    INSTALLED_NOT_COMMISSIONED,
    COMMISSIONED,
    DECOMMISSIONED,
    WITHDRAWN,
    SUSPENDED,
    RECOVERY,
    RECOVERED,
    NOT_APPLICABLE
}
