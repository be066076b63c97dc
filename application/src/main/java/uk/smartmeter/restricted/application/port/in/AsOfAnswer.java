package uk.smartmeter.restricted.application.port.in;

import java.time.Instant;
import java.util.List;

/**
 * A device's flag and eligibility at effective time {@code effectiveAt} as recorded by {@code recordedBy},
 * and the event the answer rests on. {@code enrolled} is false when nothing was known of the device then.
 */
public record AsOfAnswer(String deviceId, Instant effectiveAt, Instant recordedBy, boolean enrolled, boolean restricted,
                         Instant restrictedSince, List<String> ineligibilities, String responsibleSupplier,
                         String restsOnEventId, String restsOnEventType, Long restsOnVersion,
                         Instant restsOnEffectiveAt, Instant restsOnRecordedAt) {
}
