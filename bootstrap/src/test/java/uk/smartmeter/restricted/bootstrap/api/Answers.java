package uk.smartmeter.restricted.bootstrap.api;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/** What a gRPC stream answered, in order, and how it ended (completed, or failed with the stream's error). */
final class Answers<T> implements StreamObserver<T> {

    final BlockingQueue<T> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();

    @Override
    public void onNext(T answer) {
        received.add(answer);
    }

    @Override
    public void onError(Throwable failed) {
        ended.completeExceptionally(failed);
    }

    @Override
    public void onCompleted() {
        ended.complete(null);
    }
}
