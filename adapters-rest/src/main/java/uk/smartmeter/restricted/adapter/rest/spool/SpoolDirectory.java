package uk.smartmeter.restricted.adapter.rest.spool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where uploads and their answers are spooled: a directory under the data dir, not the machine's temp
 * directory. Each spool file is held under an OS file lock for as long as its request runs, and the lock
 * dies with its process; so a file that can be locked by anyone else belongs to no running request
 * (its node was killed with -9 mid-upload) and is deleted by {@link #sweep()}, at start and after. Two
 * nodes may share the directory: neither deletes the other's live files.
 */
public final class SpoolDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolDirectory.class);
    private static final String SUFFIX = ".spool";
    private static final AtomicLong COUNTER = new AtomicLong();

    private final Path directory;

    public SpoolDirectory(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException unwritable) {
            throw new UncheckedIOException("cannot create the spool directory " + directory, unwritable);
        }
    }

    public Path directory() {
        return directory;
    }

    /** A new spool file for one request, locked until closed; closing deletes it. */
    public Spool create(String kind) throws IOException {
        Path file = Files.createTempFile(directory, kind + "-" + ProcessHandle.current().pid() + "-"
                + COUNTER.incrementAndGet() + "-", SUFFIX);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            return new Spool(file, channel, channel.lock());
        } catch (IOException | RuntimeException failed) {
            channel.close();
            Files.deleteIfExists(file);
            throw failed;
        }
    }

    /** Deletes every spool file no running request holds; returns how many. */
    public int sweep() {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                if (orphaned(file)) {
                    Files.deleteIfExists(file);
                    deleted++;
                }
            }
        } catch (IOException unreadable) {
            LOG.warn("could not sweep the spool directory {}: {}", directory, unreadable.toString());
        }
        if (deleted > 0) {
            LOG.info("deleted {} spool file(s) left by requests whose node stopped, in {}", deleted, directory);
        }
        return deleted;
    }

    private static boolean orphaned(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException ours) {
            return false;
        } catch (IOException gone) {
            return false;
        }
    }

    /** One request's spool file: write it, then read it back; {@link #close()} deletes it. */
    public static final class Spool implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final FileLock lock;

        Spool(Path file, FileChannel channel, FileLock lock) {
            this.file = file;
            this.channel = channel;
            this.lock = lock;
        }

        public Path file() {
            return file;
        }

        /** Where to write; closing the stream leaves the spool open. */
        public OutputStream output() {
            return new java.io.FilterOutputStream(Channels.newOutputStream(channel)) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }

        /** Reads what was written, from its start; closing the stream leaves the spool open. */
        public InputStream input() throws IOException {
            return new java.io.FilterInputStream(Channels.newInputStream(channel.position(0))) {
                @Override
                public void close() {
                    // the spool closes with its request
                }
            };
        }

        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void close() throws IOException {
            try {
                if (lock.isValid()) {
                    lock.release();
                }
            } finally {
                channel.close();
                Files.deleteIfExists(file);
            }
        }
    }
}
