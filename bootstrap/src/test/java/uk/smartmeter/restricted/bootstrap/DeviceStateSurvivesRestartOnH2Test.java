package uk.smartmeter.restricted.bootstrap;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: an H2 file database, fresh per test. */
class DeviceStateSurvivesRestartOnH2Test extends DeviceStateSurvivesRestartContract {

    @TempDir
    Path dataDir;

    @Override
    protected Map<String, Object> storage() {
        return Map.of("restricted.data-dir", dataDir.resolve("store-" + System.nanoTime()).toString());
    }
}
