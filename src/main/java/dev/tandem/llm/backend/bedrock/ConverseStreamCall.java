package dev.tandem.llm.backend.bedrock;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.Deadlines;
import dev.tandem.llm.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * One ConverseStream call. The SDK's event threads only queue what arrives; the calling thread takes it from the
 * queue, so it alone enforces the deadlines, hands text to {@code onToken} in order, and stops at an interrupt.
 */
final class ConverseStreamCall {

    private sealed interface Event permits Started, Delta, Stopped, Metered, Completed, Failed {
    }

    private record Started() implements Event {
    }

    private record Delta(String text) implements Event {
    }

    private record Stopped(String reason) implements Event {
    }

    private record Metered(software.amazon.awssdk.services.bedrockruntime.model.TokenUsage usage) implements Event {
    }

    private record Completed() implements Event {
    }

    private record Failed(Throwable cause) implements Event {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final BedrockFailures failures;
    private final BedrockAnswers answers;

    ConverseStreamCall(BedrockFailures failures, BedrockAnswers answers) {
        this.failures = failures;
        this.answers = answers;
    }

    BackendAnswer run(BedrockRuntimeAsyncClient client, ConverseStreamRequest request, Deadlines deadlines,
            Consumer<String> onToken) {
        long startedAt = System.nanoTime();
        long firstTokenDue = startedAt + deadlines.firstToken().toNanos();
        long totalDue = startedAt + deadlines.total().toNanos();
        CompletableFuture<Void> call = client.converseStream(request, handler());
        call.whenComplete((done, failure) -> {
            if (failure != null) {
                events.add(new Failed(failure));
            }
        });
        try {
            StringBuilder text = new StringBuilder();
            boolean answering = false;
            boolean textArrived = false;
            String stopReason = null;
            software.amazon.awssdk.services.bedrockruntime.model.TokenUsage usage = null;
            while (true) {
                long due = textArrived ? totalDue : Math.min(firstTokenDue, totalDue);
                Event event = events.poll(due - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (event == null) {
                    throw textArrived || totalDue <= firstTokenDue
                            ? failures.timedOut(deadlines.total())
                            : failures.firstTokenTooLate(deadlines.firstToken());
                }
                if (event instanceof Started) {
                    answering = true;
                } else if (event instanceof Delta delta) {
                    answering = true;
                    textArrived = true;
                    text.append(delta.text());
                    onToken.accept(delta.text());
                } else if (event instanceof Stopped stopped) {
                    stopReason = stopped.reason();
                } else if (event instanceof Metered metered) {
                    usage = metered.usage();
                } else if (event instanceof Completed) {
                    break;
                } else if (event instanceof Failed failed) {
                    if (stopReason != null) {
                        break; // only the metadata after messageStop was lost: the answer itself is complete
                    }
                    throw failures.classifyStream(failed.cause(), answering);
                }
            }
            if (stopReason == null) {
                throw failures.cutOff(null);
            }
            return answers.answer(text.toString(), stopReason, usage);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failures.cancelled();
        } finally {
            call.cancel(true);
        }
    }

    private ConverseStreamResponseHandler handler() {
        return ConverseStreamResponseHandler.builder()
                .subscriber(ConverseStreamResponseHandler.Visitor.builder()
                        .onMessageStart(start -> events.add(new Started()))
                        .onContentBlockDelta(block -> {
                            if (block.delta() != null && block.delta().text() != null) {
                                events.add(new Delta(block.delta().text()));
                            }
                        })
                        .onMessageStop(stop -> events.add(new Stopped(stop.stopReasonAsString())))
                        .onMetadata(metadata -> events.add(new Metered(metadata.usage())))
                        .build())
                .onComplete(() -> events.add(new Completed()))
                .onError(failure -> events.add(new Failed(failure)))
                .build();
    }
}
