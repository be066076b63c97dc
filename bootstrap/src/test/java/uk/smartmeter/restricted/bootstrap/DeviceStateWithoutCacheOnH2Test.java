package uk.smartmeter.restricted.bootstrap;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The same contract with the device cache off, as a multi-writer deployment runs. */
class DeviceStateWithoutCacheOnH2Test extends DeviceStateSurvivesRestartContract {

    @TempDir
    Path dataDir;

    @Override
    protected Map<String, Object> storage() {
        return Map.of("restricted.data-dir", dataDir.resolve("store-" + System.nanoTime()).toString(),
                "restricted.device-cache", "false");
    }
}
