package uk.smartmeter.restricted.domain.reference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void cellsAreSplitOnCommasOutsideQuotes() {
        assertThat(Csv.cells("a,\"b, c\",,d")).containsExactly("a", "b, c", "", "d");
    }

    @Test
    void aDoubledQuoteInsideQuotesIsOneQuote() {
        assertThat(Csv.cells("\"say \"\"hi\"\"\",x")).containsExactly("say \"hi\"", "x");
    }

    @Test
    void anEmptyLineIsOneEmptyCell() {
        assertThat(Csv.cells("")).containsExactly("");
    }
}
