package uk.smartmeter.restricted.domain.device;

/** Why a Supplier clears Restricted mode. */
public enum ClearReason {
    /** The consumer asked for full smart functionality. */
    CONSUMER_REQUEST,
    /** The flag was applied to the wrong meter or without the consumer's choice. */
    APPLIED_IN_ERROR
}
