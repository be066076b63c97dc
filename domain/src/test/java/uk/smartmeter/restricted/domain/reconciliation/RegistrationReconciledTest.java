package uk.smartmeter.restricted.domain.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.UserRole;

/** The history's detail of a reconciliation: held to its column, and unchanged for events recorded before scopes. */
class RegistrationReconciledTest {

    private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");
    private static final String SHA = "ab".repeat(32);

    private static Map<MismatchKind, Long> counts(long each) {
        Map<MismatchKind, Long> counts = new EnumMap<>(MismatchKind.class);
        for (MismatchKind kind : MismatchKind.values()) {
            counts.put(kind, each);
        }
        return counts;
    }

    @Test
    void anEventRecordedBeforeRunsHadAScopeDerivesItsDetailExactlyAsItFirstDid() {
        RegistrationReconciled before = new RegistrationReconciled("r1", Actor.of("DCC-OPS", UserRole.DCC), AT, AT,
                "DONE", null, List.of(new RegistrationReconciled.Input("css.csv", SHA, 10, 1)), 42, counts(1),
                counts(0), null, null);

        assertThat(before.summary()).isEqualTo("reconciliation r1 DONE; store position 42; inputs css.csv sha256 " + SHA
                + " (10 lines, 1 bad); findings FLAG_UNDER_UNREGISTERED_SUPPLIER=1 (0 Restricted)"
                + " CHANGE_OF_SUPPLIER_NOT_RECEIVED=1 (0 Restricted) FUEL_OR_ROLE_MISMATCH=1 (0 Restricted)"
                + " MPXN_UNKNOWN=1 (0 Restricted) NO_REGISTRATION=1 (0 Restricted)");
        assertThat(before.scope()).isNull();
        assertThat(before.forms()).isEmpty();
    }

    @Test
    void thirtyOneLongInputsAreCutAtTheColumnWithTheCountsAndFormDigestsKept() {
        List<RegistrationReconciled.Input> inputs = new ArrayList<>();
        for (int n = 0; n < 31; n++) {
            inputs.add(new RegistrationReconciled.Input(String.format("%03d-", n) + "\uD83D\uDE00".repeat(62), SHA,
                    30_000_000, 0));
        }
        Map<String, String> forms = new TreeMap<>();
        for (String form : List.of("json", "csv", "svg", "findings", "bad-lines", "NO_REGISTRATION",
                "NO_REGISTRATION.idx")) {
            forms.put(form, SHA);
        }
        RegistrationReconciled run = new RegistrationReconciled("r2", Actor.of("DCC-OPS", UserRole.DCC), AT, AT,
                "DONE", null, inputs, 42, counts(7), counts(3), RegistrationScope.DELTA, forms);

        String summary = run.summary();

        assertThat(summary).hasSizeLessThanOrEqualTo(RegistrationReconciled.SUMMARY_MAX)
                .startsWith("reconciliation r2 DONE (DELTA)").contains("NO_REGISTRATION=7 (3 Restricted)")
                .contains("bad-lines sha256 " + SHA).contains("json sha256 " + SHA)
                .endsWith(" ... (cut: the event names every input)").doesNotContain("NO_REGISTRATION.idx");
        assertThat(Character.isHighSurrogate(summary.charAt(summary.indexOf(" ... (cut") - 1))).as("no half character")
                .isFalse();
    }
}
