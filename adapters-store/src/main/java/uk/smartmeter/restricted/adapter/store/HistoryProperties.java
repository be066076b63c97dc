package uk.smartmeter.restricted.adapter.store;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The history's evidence, under {@code restricted.history.*}.
 *
 * @param signingKey         the Ed25519 key file (PEM, PRIVATE KEY and PUBLIC KEY blocks) that signs checkpoints;
 *                           keep it outside the database. In local mode it is generated at first start when absent
 *                           (default {@code ${restricted.data-dir}/history-signing-key.pem})
 * @param origin             the log's name: the checkpoints' origin line and the key's name
 * @param checkpointInterval how often a checkpoint is issued when the tree has grown (default 1m)
 * @param checkpointArchive  the folder that keeps a copy of every checkpoint outside the database
 */
@ConfigurationProperties("restricted.history")
public record HistoryProperties(Path signingKey, @DefaultValue("restricted-mode.local/history") String origin,
                                @DefaultValue("1m") Duration checkpointInterval, Path checkpointArchive) {

    public HistoryProperties {
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("restricted.history.checkpoint-interval must be positive");
        }
        if (origin.isBlank() || !origin.matches("[\\x21-\\x7E]{1,255}") || origin.contains("+")) {
            throw new IllegalArgumentException("restricted.history.origin: printable ASCII without spaces or '+'");
        }
    }
}
