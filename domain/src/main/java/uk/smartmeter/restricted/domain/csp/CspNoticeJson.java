package uk.smartmeter.restricted.domain.csp;

/**
 * The one JSON form of a notice (schema {@value CspNotice#SCHEMA}), byte for byte the same whether it
 * is pushed, pushed again in a replay or read from the pull feed: fields in a fixed order, no spaces,
 * absent values as {@code null}, times as ISO-8601 UTC.
 */
public final class CspNoticeJson {

    private CspNoticeJson() {
    }

    public static String write(CspNotice n) {
        StringBuilder json = new StringBuilder(512).append('{');
        text(json, "schema", CspNotice.SCHEMA).append(',');
        text(json, "noticeId", n.noticeId()).append(',');
        number(json, "regionPosition", n.regionPosition()).append(',');
        text(json, "deviceId", n.deviceId().value()).append(',');
        number(json, "deviceSequence", n.deviceSequence()).append(',');
        text(json, "deviceType", n.deviceType().name()).append(',');
        text(json, "commsHubId", n.commsHubId().value()).append(',');
        text(json, "gpfId", n.gpfId() == null ? null : n.gpfId().value()).append(',');
        text(json, "cspRegion", n.cspRegion().name()).append(',');
        text(json, "change", n.change().name()).append(',');
        json.append("\"restricted\":").append(n.restricted()).append(',');
        text(json, "reason", n.reason()).append(',');
        text(json, "effectiveAt", n.effectiveAt().toString()).append(',');
        text(json, "recordedAt", n.recordedAt().toString());
        return json.append('}').toString();
    }

    private static StringBuilder number(StringBuilder json, String name, long value) {
        return json.append('"').append(name).append("\":").append(value);
    }

    private static StringBuilder text(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":");
        if (value == null) {
            return json.append("null");
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
