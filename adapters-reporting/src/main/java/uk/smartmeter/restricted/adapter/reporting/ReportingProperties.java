package uk.smartmeter.restricted.adapter.reporting;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import uk.smartmeter.restricted.domain.gate.SrvClass;

/**
 * The monthly reports' settings, under {@code restricted.reporting.*}.
 *
 * @param dir                 where each revision's forms are kept (JSON, CSV, SVG, explanation)
 * @param srLogDir            the folder the DSP's outcome logs are read from; reports name logs by their path in it
 * @param targetResponseTimes the Target Response Time per SRV class; a class not named gets {@code defaultTarget}
 * @param defaultTarget       the Target Response Time of every class not named
 * @param maxInputBytes       the most bytes of outcome logs one run may read, all its logs together
 * @param registrationDir     the folder registration snapshots and deltas are read from (issue 18); runs name files by
 *                            their path in it
 * @param targetServiceLevel  the Target Service Level, a share such as 0.95, drawn as a line on the chart of each new
 *                            revision; absent: no line
 */
@ConfigurationProperties("restricted.reporting")
public record ReportingProperties(
        @DefaultValue("./data/reports") Path dir,
        @DefaultValue("./data/sr-logs") Path srLogDir,
        Map<SrvClass, Duration> targetResponseTimes,
        @DefaultValue("30s") Duration defaultTarget,
        @DefaultValue("256GB") org.springframework.util.unit.DataSize maxInputBytes,
        @DefaultValue("./data/registration") Path registrationDir,
        java.math.BigDecimal targetServiceLevel) {

    public ReportingProperties {
        if (targetServiceLevel != null && (targetServiceLevel.signum() <= 0
                || targetServiceLevel.compareTo(java.math.BigDecimal.ONE) > 0)) {
            throw new IllegalArgumentException("restricted.reporting.target-service-level is a share above 0 and at"
                    + " most 1, such as 0.95");
        }
    }

    /** Every SRV class's target in milliseconds. */
    public Map<SrvClass, Integer> targetsInMillis() {
        Map<SrvClass, Integer> targets = new EnumMap<>(SrvClass.class);
        for (SrvClass srvClass : SrvClass.values()) {
            Duration target = targetResponseTimes == null ? null : targetResponseTimes.get(srvClass);
            targets.put(srvClass, Math.toIntExact((target == null ? defaultTarget : target).toMillis()));
        }
        return targets;
    }
}
