package uk.smartmeter.restricted.domain.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashChainTest {

    private static final List<String> AWKWARD = Arrays.asList("1", null, "a,b", "say \"hi\"", "two\nlines");

    @Test
    void aRecordQuotesOnlyFieldsThatNeedItAndLeavesAbsentValuesEmpty() {
        assertThat(HashChain.csvRecord(AWKWARD)).isEqualTo("1,,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"");
        assertThat(HashChain.csvRecord(List.of("plain", "2026-03-03T12:00:00Z"))).isEqualTo("plain,2026-03-03T12:00:00Z");
    }

    @Test
    void theHashIsSha256OfThePreviousHashALineFeedAndTheRecord() {
        // computed independently: printf '<64 zeros>\n<the record>' | sha256sum
        assertThat(HashChain.next(HashChain.GENESIS, AWKWARD))
                .isEqualTo("c7539247e8e2a224a6e9d8b147512a87f95fcee04dc45f31477a66b502dcf96c");
    }

    @Test
    void changingAnyFieldOrThePreviousHashChangesTheHash() {
        String hash = HashChain.next(HashChain.GENESIS, List.of("1", "x"));

        assertThat(HashChain.next(HashChain.GENESIS, List.of("1", "y"))).isNotEqualTo(hash);
        assertThat(HashChain.next(hash, List.of("1", "x"))).isNotEqualTo(hash);
        assertThat(HashChain.next(HashChain.GENESIS, List.of("1,x"))).as("a field is not a split of another")
                .isNotEqualTo(hash);
    }
}
