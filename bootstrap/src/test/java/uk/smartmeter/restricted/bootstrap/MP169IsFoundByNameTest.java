package uk.smartmeter.restricted.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.RefusalCode;

/** docs/mp169.md has a row for each of MP169's business requirements and for every refusal the service can give. */
class MP169IsFoundByNameTest {

    private static List<String> rows() throws Exception {
        return Files.readAllLines(Path.of("..", "docs", "mp169.md")).stream().filter(line -> line.startsWith("| "))
                .toList();
    }

    @Test
    void everyBusinessRequirementOfAnnexAHasARow() throws Exception {
        List<String> rows = rows();
        for (int br = 1; br <= 6; br++) {
            String label = "| BR" + br + " |";
            assertThat(rows).as(label).anyMatch(row -> row.startsWith(label));
        }
    }

    @Test
    void everyRefusalCodeHasARowNamingWhereItIsDecided() throws Exception {
        List<String> rows = rows();
        java.util.stream.Stream.of(RefusalCode.values(), uk.smartmeter.restricted.application.port.in.ServiceRefusal
                .values(), uk.smartmeter.restricted.application.input.ApiProblem.values()).flatMap(Arrays::stream)
                .forEach(code -> assertThat(rows).as(code.name())
                .anyMatch(row -> row.startsWith("| `" + code.name() + "` |") && row.split("\\|").length >= 5));
    }
}
