package uk.smartmeter.restricted.application.csp;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import uk.smartmeter.restricted.domain.csp.ExclusionEntry;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals.Interval;
import uk.smartmeter.restricted.application.port.out.ExclusionList;

/**
 * An exclusion list as RFC 4180 CSV (UTF-8, CRLF, a header row), one row per restricted interval. Every
 * field is an identifier, a code or a time, so none needs quoting. The published list's SHA-256 is
 * taken over exactly these bytes.
 */
public final class ExclusionListCsv {

    public static final String HEADER = "csp_region,month,device_id,device_type,comms_hub_id,restricted_from,"
            + "restricted_to,restricted_seconds";

    private ExclusionListCsv() {
    }

    public static void write(ExclusionList list, Writer out) {
        try {
            out.write(HEADER);
            out.write("\r\n");
            for (ExclusionEntry entry : list.entries()) {
                for (Interval interval : entry.intervals()) {
                    out.write(list.region().name() + ',' + list.month() + ',' + entry.deviceId().value() + ','
                            + entry.deviceType().name() + ',' + entry.commsHubId().value() + ',' + interval.from()
                            + ',' + interval.to() + ',' + Duration.between(interval.from(), interval.to()).getSeconds()
                            + "\r\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lower-case hex SHA-256 of the list's CSV. */
    public static String sha256(ExclusionList list) {
        StringWriter csv = new StringWriter();
        write(list, csv);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(csv.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
