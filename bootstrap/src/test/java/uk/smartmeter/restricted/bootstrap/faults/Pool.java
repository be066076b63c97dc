package uk.smartmeter.restricted.bootstrap.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A fixed number of client threads, each sending its own requests one after another. */
final class Pool implements AutoCloseable {

    private final ExecutorService threads;
    private final int size;

    Pool(String name, int size) {
        this.size = size;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(size, work -> {
            Thread thread = new Thread(work, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    int size() {
        return size;
    }

    /** Applies {@code work} to every item on the pool's threads; results in the items' order. */
    <I, O> List<O> map(List<I> items, Function<I, O> work) {
        List<Future<O>> futures = new ArrayList<>(items.size());
        for (I item : items) {
            futures.add(threads.submit(() -> work.apply(item)));
        }
        List<O> results = new ArrayList<>(items.size());
        for (Future<O> future : futures) {
            results.add(join(future));
        }
        return results;
    }

    /** Runs {@code work} once on each of the pool's threads (a load loop), and waits for all of them. */
    void onEveryThread(Runnable work) {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < size; t++) {
            futures.add(threads.submit(work));
        }
        futures.forEach(Pool::join);
    }

    Future<?> submit(Runnable work) {
        return threads.submit(work);
    }

    static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failed.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(failed.getCause());
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
