package uk.smartmeter.restricted.adapter.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import uk.smartmeter.restricted.application.port.out.IssuedCheckpoint;
import uk.smartmeter.restricted.application.port.out.CheckpointStore;

/**
 * Checkpoints in {@code history_checkpoint}, and each signed note also as a file {@code <tree size>.checkpoint}
 * in the archive folder (written first, then moved into place), so that a copy survives a change to the
 * database. Point the archive at storage the database's administrators cannot write to.
 */
final class JdbcCheckpointStore implements CheckpointStore {

    private static final String COLUMNS = "tree_size, root_hash, note, issued_at, reason";
    private static final RowMapper<IssuedCheckpoint> ROW = (rs, n) -> new IssuedCheckpoint(rs.getLong(1),
            rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getString(5));

    private final JdbcTemplate jdbc;
    private final Path archive;

    JdbcCheckpointStore(JdbcTemplate jdbc, Path archive) {
        this.jdbc = jdbc;
        this.archive = archive;
        try {
            Files.createDirectories(archive);
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot create the checkpoint archive " + archive, failed);
        }
    }

    @Override
    public IssuedCheckpoint save(IssuedCheckpoint checkpoint) {
        try {
            jdbc.update("INSERT INTO history_checkpoint (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
                    checkpoint.treeSize(), checkpoint.rootHash(), checkpoint.note(),
                    Timestamp.from(checkpoint.issuedAt()), checkpoint.reason());
        } catch (DuplicateKeyException issuedAlready) {
            return ofSize(checkpoint.treeSize()).orElseThrow(() -> issuedAlready);
        }
        archive(checkpoint);
        return checkpoint;
    }

    private void archive(IssuedCheckpoint checkpoint) {
        Path file = archive.resolve(checkpoint.treeSize() + ".checkpoint");
        if (Files.exists(file)) {
            return;
        }
        try {
            Path part = Files.createTempFile(archive, checkpoint.treeSize() + ".", ".part");
            Files.writeString(part, checkpoint.note(), StandardCharsets.UTF_8);
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot archive the checkpoint of size " + checkpoint.treeSize(), failed);
        }
    }

    @Override
    public Optional<IssuedCheckpoint> latest() {
        return jdbc.query("SELECT " + COLUMNS + " FROM history_checkpoint ORDER BY tree_size DESC FETCH FIRST 1 ROWS"
                + " ONLY", ROW).stream().findFirst();
    }

    @Override
    public Optional<IssuedCheckpoint> ofSize(long treeSize) {
        return jdbc.query("SELECT " + COLUMNS + " FROM history_checkpoint WHERE tree_size = ?", ROW, treeSize).stream()
                .findFirst();
    }

    @Override
    public List<IssuedCheckpoint> after(long afterSize, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM history_checkpoint WHERE tree_size > ? ORDER BY tree_size"
                + " FETCH FIRST " + limit + " ROWS ONLY", ROW, afterSize);
    }

    @Override
    public List<String> archived() {
        List<String> notes = new ArrayList<>();
        try (Stream<Path> files = Files.list(archive)) {
            // what is not a readable file is kept as an unreadable note: the verification names it, never fails on it
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".checkpoint")).sorted().toList()) {
                if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.size(file) > 65_536) {
                    notes.add("");
                    continue;
                }
                notes.add(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            }
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot read the checkpoint archive " + archive, failed);
        }
        return notes;
    }

    @Override
    public List<IssuedCheckpoint> unpushed(int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM history_checkpoint WHERE pushed_at IS NULL ORDER BY tree_size"
                + " FETCH FIRST " + limit + " ROWS ONLY", ROW);
    }

    @Override
    public void pushed(long treeSize, Instant at) {
        jdbc.update("UPDATE history_checkpoint SET pushed_at = ? WHERE tree_size = ?", Timestamp.from(at), treeSize);
    }
}
