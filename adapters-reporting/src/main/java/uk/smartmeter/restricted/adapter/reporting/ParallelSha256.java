package uk.smartmeter.restricted.adapter.reporting;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A SHA-256 taken on a thread of its own while the caller goes on parsing: each piece is copied into one
 * of a few pooled chunks and digested in order. Memory stays at the pool's size.
 */
final class ParallelSha256 implements AutoCloseable {

    private static final int CHUNKS = 4;

    private record Piece(byte[] bytes, int length) {
    }

    private static final Piece END = new Piece(new byte[0], -1);

    private final BlockingQueue<Piece> full = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    private final MessageDigest sha;
    private final Thread worker;
    private volatile Throwable failure;

    ParallelSha256(int chunkSize) {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        for (int i = 0; i < CHUNKS; i++) {
            free.add(new byte[chunkSize]);
        }
        worker = new Thread(this::digestAll, "outcome-log-sha256");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues bytes[from, from + length) for the digest. */
    void update(byte[] bytes, int from, int length) {
        try {
            byte[] chunk = free.take();
            System.arraycopy(bytes, from, chunk, 0, length);
            full.put(new Piece(chunk, length));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing", interrupted);
        }
    }

    /** The digest of everything queued, as lower-case hex. */
    String finish() {
        try {
            full.put(END);
            worker.join();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing", interrupted);
        }
        if (failure != null) {
            throw new IllegalStateException("hashing failed", failure);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private void digestAll() {
        try {
            while (true) {
                Piece piece = full.take();
                if (piece == END) {
                    return;
                }
                sha.update(piece.bytes(), 0, piece.length());
                free.put(piece.bytes());
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException failed) {
            failure = failed;
        }
    }

    @Override
    public void close() {
        worker.interrupt();
    }
}
