package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import uk.smartmeter.restricted.application.input.ApiProblem;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;
import uk.smartmeter.restricted.domain.device.RefusalReason;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.adapter.rest.problem.Problems;
import uk.smartmeter.restricted.domain.device.RefusalCode;

/**
 * The error table (docs/api-errors.md, linked from the README) names every code the service can answer, with the
 * status it is answered with: every refusal (as the caller sees it), and the codes of the framework, the container
 * and the filters.
 */
class TheReadmeErrorTableIsCompleteTest {

    /** Codes that are not refusals, with their statuses. */
    private static final Map<String, Set<Integer>> OTHERS = Map.ofEntries(
            Map.entry("MALFORMED_REQUEST", Set.of(400, 413)), Map.entry("UNAUTHENTICATED", Set.of(401)),
            Map.entry("NOT_FOUND", Set.of(404)), Map.entry("METHOD_NOT_ALLOWED", Set.of(405)),
            Map.entry("NOT_ACCEPTABLE", Set.of(406)), Map.entry("REQUEST_IN_PROGRESS", Set.of(409)),
            Map.entry("UNSUPPORTED_MEDIA_TYPE", Set.of(415)), Map.entry("INTERNAL_ERROR", Set.of(500)),
            Map.entry("HTTP_501", Set.of(501)), Map.entry("STORE_UNAVAILABLE", Set.of(503)),
            Map.entry("HTTP_505", Set.of(505)));

    @Test
    void everyCodeTheServiceAnswersIsInTheReadmesErrorTableWithItsStatus() throws Exception {
        String readme = Files.readString(Path.of("..", "docs", "api-errors.md"));
        String table = readme.substring(readme.indexOf("| status | code | when |"));
        table = table.substring(0, table.indexOf("\n\n"));
        Map<String, Set<Integer>> listed = new HashMap<>();
        for (String row : table.split("\n")) {
            Matcher status = Pattern.compile("^\\| (\\d{3}) \\| (.*?) \\|").matcher(row);
            if (status.find()) {
                Matcher code = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(status.group(2));
                while (code.find()) {
                    listed.computeIfAbsent(code.group(1), c -> new HashSet<>()).add(Integer.parseInt(status.group(1)));
                }
            }
        }
        Map<String, Set<Integer>> expected = new HashMap<>(OTHERS);
        for (RefusalReason refusal : answerable()) {
            expected.computeIfAbsent(Problems.publicCodeOf(refusal), c -> new HashSet<>())
                    .add(Problems.statusOf(refusal).value());
        }

        expected.forEach((code, statuses) -> assertThat(listed.get(code)).as("README's error table: " + code)
                .isNotNull().containsAll(statuses));
    }

    /**
     * Every refusal the service can answer: MP169's, the service's own and the API's (a report's invalid inputs
     * are answered as the API's INVALID_REQUEST, naming outcomeLogs).
     */
    private static List<RefusalReason> answerable() {
        List<RefusalReason> all = new ArrayList<>(List.of(RefusalCode.values()));
        all.addAll(List.of(ServiceRefusal.values()));
        all.remove(ServiceRefusal.REPORT_INPUTS_INVALID);
        all.remove(ServiceRefusal.REGISTRATION_INPUTS_INVALID);
        all.remove(ServiceRefusal.CATALOGUE_INVALID);
        all.remove(ServiceRefusal.CATALOGUE_EFFECTIVE_TOO_SOON);
        all.addAll(List.of(ApiProblem.values()));
        return all;
    }

    /** A code names one refusal, whichever catalogue it is in: the recorded code alone says which. */
    @Test
    void noRefusalCodeIsDefinedTwice() {
        List<String> names = new ArrayList<>();
        List.of(RefusalCode.values()).forEach(code -> names.add(code.name()));
        List.of(ServiceRefusal.values()).forEach(code -> names.add(code.name()));
        List.of(ApiProblem.values()).forEach(code -> names.add(code.name()));
        assertThat(names).doesNotHaveDuplicates().hasSize(new HashSet<>(names).size());
    }
}
