package uk.smartmeter.restricted.adapter.reporting;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Input files named by their path inside one folder (the outcome logs, the registration files): nothing outside
 * the folder is read, and a run opens a file by its canonical name without following links, so a file swapped for a
 * link after the run was planned fails the run instead of being read.
 */
final class FolderFiles {

    private final Path root;
    private final Function<String, RuntimeException> missing;

    /** @param missing the refusal of a name that is not a readable file inside the folder */
    FolderFiles(Path root, Function<String, RuntimeException> missing) {
        this.root = root.toAbsolutePath().normalize();
        this.missing = missing;
    }

    /** The name as the folder knows it: links resolved, relative to the folder, with forward slashes. */
    String canonical(String name) {
        Path file = file(name);
        try {
            Path real = file.toRealPath();
            Path realRoot = root.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw missing.apply(name);
            }
            return realRoot.relativize(real).toString().replace(java.io.File.separatorChar, '/');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long size(String name) {
        try {
            return Files.size(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InputStream open(String name) throws IOException {
        return new BufferedInputStream(Files.newInputStream(file(name), LinkOption.NOFOLLOW_LINKS), 1 << 16);
    }

    Path file(String name) {
        Path file = root.resolve(name).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw missing.apply(name);
        }
        return file;
    }
}
