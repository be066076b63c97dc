package uk.smartmeter.restricted.adapter.reporting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;
import uk.smartmeter.restricted.application.port.out.WhatIfResult;
import uk.smartmeter.restricted.application.port.out.WhatIfStore;
import uk.smartmeter.restricted.application.reporting.ReportRefused;

/**
 * What-if answers as files beside the monthly reports, {@code <reports>/what-if/<id>/}: {@code result.json} and
 * {@code changes.csv}. Both are written in a folder of the run's own and moved into place in one step, which fails when
 * the ID is taken, so an answer is kept whole, once. The list is served only while it has the SHA-256 in its answer.
 */
final class FileWhatIfStore implements WhatIfStore {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final Path dir;

    FileWhatIfStore(Path reportsDir) {
        this.dir = reportsDir.toAbsolutePath().normalize().resolve("what-if");
    }

    @Override
    public Writer spool(String whatIfId, String spool) {
        try {
            Path part = part(whatIfId, spool);
            Files.createDirectories(part);
            return Files.newBufferedWriter(part.resolve("changes.csv"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean keep(WhatIfResult result, String spool) {
        Path part = part(result.whatIfId(), spool);
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(part.resolve("result.json").toFile(), result);
            Files.move(part, folder(result.whatIfId()), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException taken) {
            return false;
        } catch (java.nio.file.FileSystemException taken) {
            // a rename onto a folder another run has just filled (ENOTEMPTY) is the same lost race
            if (Files.isDirectory(folder(result.whatIfId()))) {
                return false;
            }
            throw new UncheckedIOException(taken);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void discard(String whatIfId, String spool) {
        Path part = part(whatIfId, spool);
        try {
            Files.deleteIfExists(part.resolve("result.json"));
            Files.deleteIfExists(part.resolve("changes.csv"));
            Files.deleteIfExists(part);
        } catch (IOException ignored) {
            // a leftover part folder is never read: no answer names it
        }
    }

    @Override
    public Optional<WhatIfResult> find(String whatIfId) {
        Path result = folder(whatIfId).resolve("result.json");
        if (!Files.isRegularFile(result)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(result.toFile(), WhatIfResult.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<InputStream> changes(String whatIfId) {
        Optional<WhatIfResult> result = find(whatIfId);
        if (result.isEmpty()) {
            return Optional.empty();
        }
        Path changes = folder(whatIfId).resolve("changes.csv");
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(changes),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            if (!HexFormat.of().formatHex(in.getMessageDigest().digest()).equals(result.get().changesSha256())) {
                throw new ReportRefused(ServiceRefusal.WHAT_IF_FILE_ALTERED, "what-if " + whatIfId + ": changes.csv no"
                        + " longer has the SHA-256 kept with its answer");
            }
            return Optional.of(Files.newInputStream(changes));
        } catch (java.nio.file.NoSuchFileException gone) {
            throw new ReportRefused(ServiceRefusal.WHAT_IF_FILE_ALTERED, "what-if " + whatIfId + ": changes.csv is"
                    + " gone");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private Path folder(String whatIfId) {
        Path folder = dir.resolve(whatIfId).normalize();
        if (!folder.getParent().equals(dir)) {
            throw new IllegalArgumentException("a what-if ID names one folder");
        }
        return folder;
    }

    private Path part(String whatIfId, String spool) {
        if (!spool.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("a spool name of letters, digits and hyphens");
        }
        return folder(whatIfId).resolveSibling(whatIfId + ".part-" + spool);
    }
}
