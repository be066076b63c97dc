package uk.smartmeter.restricted.bootstrap.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the packaged service is ({@code bootstrap/target/restricted-mode-exec.jar}, or {@code -Dfaults.jar=…}) and
 * where the suite writes its logs ({@code bootstrap/target/faults}). The jar must exist when the tests run:
 * {@code ./mvnw verify -Pfaults} packages it before the suite; run alone, build it first.
 */
final class FaultsJar {

    private static final String NAME = "restricted-mode-exec.jar";

    private FaultsJar() {
    }

    static Path jar() {
        String configured = System.getProperty("faults.jar");
        List<Path> candidates = configured != null && !configured.isBlank() ? List.of(Path.of(configured))
                : List.of(Path.of("target", NAME), Path.of("bootstrap", "target", NAME));
        return candidates.stream().map(Path::toAbsolutePath).filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new IllegalStateException("the fault suite runs the packaged service, and "
                        + candidates.stream().map(Path::toAbsolutePath).toList() + " does not exist: run "
                        + "`./mvnw verify -Pfaults` (it packages the jar before the suite), or build it first with "
                        + "`./mvnw -q -DskipTests install`"));
    }

    static Path dir() {
        Path dir = jar().getParent().resolve("faults");
        try {
            Files.createDirectories(dir);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        return dir;
    }
}
