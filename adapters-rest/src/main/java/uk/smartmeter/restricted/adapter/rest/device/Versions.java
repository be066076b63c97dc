package uk.smartmeter.restricted.adapter.rest.device;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uk.smartmeter.restricted.application.input.InvalidRequest;
import uk.smartmeter.restricted.application.port.out.ExpectedVersion;

/** A device's version as an HTTP entity tag, {@code "3"}, and back from If-Match. */
final class Versions {

    private static final Pattern TAG = Pattern.compile("^(?:W/)?\"?(\\d{1,18})\"?$");

    private Versions() {
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    static ExpectedVersion fromIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return ExpectedVersion.any();
        }
        Matcher tag = TAG.matcher(ifMatch.trim());
        if (!tag.matches()) {
            throw InvalidRequest.of("If-Match", "an ETag this API returned, such as \"3\"");
        }
        return ExpectedVersion.of(Long.parseLong(tag.group(1)));
    }
}
