package uk.smartmeter.restricted.adapter.rest.problem;

import jakarta.servlet.http.HttpServletRequest;
import uk.smartmeter.restricted.domain.device.DeviceId;

/**
 * The path a request is routed by, as the filters must see it: percent-decoded and normalised as the
 * servlet container routes it (so {@code /%61pi/...} is {@code /api/...}), and, for a key's scope, with every
 * segment that is an EUI-64 written in its one canonical form (so {@code 00db12345678c001} and
 * {@code 00-DB-12-34-56-78-C0-01} are one device, as the controllers read them).
 */
public final class RequestPaths {

    private RequestPaths() {
    }

    /** The decoded path within the application. */
    public static String routed(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? request.getRequestURI() : path;
    }

    /** The routed path with each EUI-64 segment in canonical form. */
    public static String canonical(HttpServletRequest request) {
        String[] segments = routed(request).split("/", -1);
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                path.append('/');
            }
            path.append(canonicalSegment(segments[i]));
        }
        return path.toString();
    }

    private static String canonicalSegment(String segment) {
        if (segment.length() < 16 || segment.length() > 23) {
            return segment;
        }
        try {
            return DeviceId.fromEui64(DeviceId.parseEui64(segment)).value();
        } catch (RuntimeException notAnEui64) {
            return segment;
        }
    }
}
