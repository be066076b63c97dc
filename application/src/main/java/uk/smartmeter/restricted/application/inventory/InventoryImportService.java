package uk.smartmeter.restricted.application.inventory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import uk.smartmeter.restricted.application.port.in.EnrolDevicesUseCase;
import uk.smartmeter.restricted.application.port.in.ImportInventory;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.RefusalCode;
import uk.smartmeter.restricted.domain.device.command.EnrolDevice;

/**
 * The bulk import's chunking: {@code chunkSize} lines a chunk, enrolled in one transaction each on the
 * {@code workers}, at most {@code chunksInFlight} chunks ahead of the answers. A chunk that names an ID (a meter's or
 * a GPF's) that an earlier chunk in flight also names waits for that chunk, so two lines wanting one ID are decided
 * in file order. A chunk whose
 * transaction fails as a whole (another writer raced it) is enrolled again line by line, in order.
 */
public final class InventoryImportService implements ImportInventory {

    /** How often a line is tried alone before it is answered CONCURRENT_UPDATE. */
    static final int ATTEMPTS = 3;

    private final EnrolDevicesUseCase enrol;
    private final Executor workers;
    private final int chunkSize;
    private final int chunksInFlight;

    public InventoryImportService(EnrolDevicesUseCase enrol, Executor workers, int chunkSize, int chunksInFlight) {
        if (chunkSize < 1 || chunksInFlight < 1) {
            throw new IllegalArgumentException("chunks of at least one line, at least one in flight");
        }
        this.enrol = enrol;
        this.workers = workers;
        this.chunkSize = chunkSize;
        this.chunksInFlight = chunksInFlight;
    }

    @Override
    public <T> Session<T> open(Consumer<Answer<T>> answers) {
        return new Import<>(answers);
    }

    private record Line<T>(T line, EnrolDevice command) {
    }

    private record Chunk<T>(List<Line<T>> lines, CompletableFuture<List<CommandOutcome>> outcomes) {
    }

    private final class Import<T> implements Session<T> {

        private final Consumer<Answer<T>> answers;
        private final Deque<Chunk<T>> pending = new ArrayDeque<>();
        private final Map<String, CompletableFuture<List<CommandOutcome>>> lastChunkOf = new HashMap<>();
        private List<Line<T>> chunk = new ArrayList<>(chunkSize);

        Import(Consumer<Answer<T>> answers) {
            this.answers = answers;
        }

        @Override
        public void offer(T line, EnrolDevice command) {
            chunk.add(new Line<>(line, command));
            if (chunk.size() == chunkSize) {
                submit();
                if (pending.size() >= chunksInFlight) {
                    deliver(pending.removeFirst());
                }
            }
        }

        @Override
        public void close() {
            if (!chunk.isEmpty()) {
                submit();
            }
            while (!pending.isEmpty()) {
                deliver(pending.removeFirst());
            }
        }

        private void submit() {
            List<Line<T>> lines = chunk;
            chunk = new ArrayList<>(chunkSize);
            Set<CompletableFuture<List<CommandOutcome>>> earlier = new HashSet<>();
            for (Line<T> line : lines) {
                for (String id : idsOf(line)) {
                    CompletableFuture<List<CommandOutcome>> before = lastChunkOf.get(id);
                    if (before != null) {
                        earlier.add(before);
                    }
                }
            }
            CompletableFuture<List<CommandOutcome>> outcomes = earlier.isEmpty()
                    ? CompletableFuture.supplyAsync(() -> enrolChunk(lines), workers)
                    : CompletableFuture.allOf(earlier.toArray(CompletableFuture[]::new))
                            .thenApplyAsync(done -> enrolChunk(lines), workers);
            for (Line<T> line : lines) {
                for (String id : idsOf(line)) {
                    lastChunkOf.put(id, outcomes);
                }
            }
            pending.addLast(new Chunk<>(lines, outcomes));
        }

        private void deliver(Chunk<T> next) {
            List<CommandOutcome> outcomes;
            try {
                outcomes = next.outcomes().get();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new CompletionException("import interrupted", interrupted);
            } catch (ExecutionException failed) {
                throw new CompletionException("import failed", failed.getCause());
            }
            int k = 0;
            for (Line<T> line : next.lines()) {
                for (String id : idsOf(line)) {
                    lastChunkOf.remove(id, next.outcomes());
                }
                answers.accept(new Answer<>(line.line(), line.command() == null ? null : outcomes.get(k++)));
            }
        }
    }

    /**
     * The IDs a line claims: its meter's and its GPF's. A chunk waits for every earlier chunk in flight that names one
     * of them, as meter or as GPF, so that two lines wanting one ID are decided in file order.
     */
    private static List<String> idsOf(Line<?> line) {
        EnrolDevice command = line.command();
        if (command == null) {
            return List.of();
        }
        return command.gpfId() == null ? List.of(command.deviceId().value())
                : List.of(command.deviceId().value(), command.gpfId().value());
    }

    /** The chunk's commands as one batch, in order; if the batch as a whole fails, each alone, in order. */
    private <T> List<CommandOutcome> enrolChunk(List<Line<T>> lines) {
        List<EnrolDevice> commands = new ArrayList<>(lines.size());
        for (Line<T> line : lines) {
            if (line.command() != null) {
                commands.add(line.command());
            }
        }
        if (commands.isEmpty()) {
            return List.of();
        }
        try {
            return enrol.enrolAll(commands);
        } catch (RuntimeException batchFailed) {
            return commands.stream().map(this::enrolAlone).toList();
        }
    }

    /**
     * One line alone, sent again up to {@link #ATTEMPTS} times in all while it is answered {@code CONCURRENT_UPDATE}
     * (another node enrolling the same new meter at the same moment): the last answer stands, so one line never
     * fails the whole import. Any other failure (the store unreachable) still fails it.
     */
    private CommandOutcome enrolAlone(EnrolDevice command) {
        CommandOutcome outcome = enrol.enrolAll(List.of(command)).get(0);
        for (int attempt = 1; attempt < ATTEMPTS && lostARace(outcome); attempt++) {
            outcome = enrol.enrolAll(List.of(command)).get(0);
        }
        return outcome;
    }

    private static boolean lostARace(CommandOutcome outcome) {
        return outcome.decision() instanceof Decision.Refused refused && refused.code() == RefusalCode.CONCURRENT_UPDATE;
    }
}
