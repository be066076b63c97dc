package uk.smartmeter.restricted.bootstrap.api;

import org.springframework.test.context.TestPropertySource;

/** The auditor's tampering on the embedded default (a context of its own: it alters rows). */
@TestPropertySource(properties = {"restricted.history.checkpoint-interval=1h", "restricted.gate.check-interval=98ms"})
class AuditorTamperOnH2Test extends AuditorTamperSuite {
}
