package uk.smartmeter.restricted.adapter.rest.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import uk.smartmeter.restricted.adapter.rest.device.Requests.EnrolRequest;
import uk.smartmeter.restricted.adapter.rest.device.Requests.SiteFlags;
import uk.smartmeter.restricted.adapter.rest.device.SupplierDto;
import uk.smartmeter.restricted.application.input.InvalidRequest;
import uk.smartmeter.restricted.adapter.rest.problem.JsonFaults;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.PaymentMode;
import uk.smartmeter.restricted.domain.device.SmetsVersion;
import uk.smartmeter.restricted.domain.device.SmiStatus;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.reference.Csv;

/**
 * One inventory line to one enrolment request. NDJSON lines are the enrolment JSON of
 * {@code POST /api/v1/devices}; CSV lines follow the header {@link #CSV_HEADER} (RFC 4180 quoting,
 * one record per line, empty cells for absent values).
 */
final class InventoryLines {

    static final List<String> CSV_HEADER = List.of("deviceId", "deviceType", "smetsVersion", "smiStatus", "commsHubId",
            "commsHubStatus", "gpfId", "mpxn", "cspRegion", "paymentMode", "supplierPartyId", "supplierRole",
            "loadSwitching", "radioTeleswitch", "networkManagedWithoutWan", "effectiveAt");

    private final ObjectMapper json;

    InventoryLines(ObjectMapper json) {
        this.json = json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    EnrolRequest fromNdjson(String line) {
        EnrolRequest request;
        try {
            request = json.readValue(line, EnrolRequest.class);
        } catch (JsonProcessingException unreadable) {
            throw new InvalidRequest(List.of(JsonFaults.violation(unreadable, "line", "an enrolment")));
        } catch (IOException unreadable) {
            throw InvalidRequest.of("line", "not an enrolment in JSON");
        }
        if (request == null) {
            throw InvalidRequest.of("line", "an enrolment JSON object, not null");
        }
        return request;
    }

    static void checkCsvHeader(String header) {
        if (!Csv.cells(header).equals(CSV_HEADER)) {
            throw InvalidRequest.of("header", "must be exactly " + String.join(",", CSV_HEADER));
        }
    }

    EnrolRequest fromCsv(String line) {
        List<String> cells = Csv.cells(line);
        if (cells.size() != CSV_HEADER.size()) {
            throw InvalidRequest.of("line", CSV_HEADER.size() + " cells expected, found " + cells.size());
        }
        InvalidRequest.Builder problems = InvalidRequest.builder();
        EnrolRequest request = new EnrolRequest(cell(cells, 0),
                enumCell(problems, cells, 1, DeviceType.class), enumCell(problems, cells, 2, SmetsVersion.class),
                enumCell(problems, cells, 3, SmiStatus.class), cell(cells, 4),
                enumCell(problems, cells, 5, SmiStatus.class), cell(cells, 6), cell(cells, 7),
                enumCell(problems, cells, 8, CspRegion.class), enumCell(problems, cells, 9, PaymentMode.class),
                new SupplierDto(cell(cells, 10), enumCell(problems, cells, 11, UserRole.class)),
                new SiteFlags(booleanCell(problems, cells, 12), booleanCell(problems, cells, 13),
                        booleanCell(problems, cells, 14)),
                parsed(problems, cells, 15, Instant::parse));
        problems.throwIfAny();
        return request;
    }

    private static String cell(List<String> cells, int index) {
        String value = cells.get(index).trim();
        return value.isEmpty() ? null : value;
    }

    private static <E extends Enum<E>> E enumCell(InvalidRequest.Builder problems, List<String> cells, int index,
                                                  Class<E> type) {
        return parsed(problems, cells, index, raw -> {
            try {
                return Enum.valueOf(type, raw);
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException("one of " + Arrays.toString(type.getEnumConstants()));
            }
        });
    }

    private static Boolean booleanCell(InvalidRequest.Builder problems, List<String> cells, int index) {
        return parsed(problems, cells, index, raw -> switch (raw.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("true or false");
        });
    }

    private static <T> T parsed(InvalidRequest.Builder problems, List<String> cells, int index,
                                Function<String, T> parser) {
        return problems.checkOptional(CSV_HEADER.get(index), cell(cells, index), raw -> {
            try {
                return parser.apply(raw);
            } catch (RuntimeException bad) {
                throw new IllegalArgumentException(bad instanceof IllegalArgumentException && bad.getMessage() != null
                        && !bad.getMessage().startsWith("No enum") ? bad.getMessage() : "unreadable value");
            }
        });
    }
}
