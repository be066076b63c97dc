package uk.smartmeter.restricted.domain.device;

public enum PaymentMode {
    CREDIT,
    PREPAYMENT
}
