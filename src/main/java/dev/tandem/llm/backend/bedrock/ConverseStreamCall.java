package dev.tandem.llm.backend.bedrock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.Deadlines;
import dev.tandem.llm.TokenUsage;
import dev.tandem.llm.ToolCall;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * One ConverseStream call. The SDK's event threads only queue what arrives; the calling thread takes it from the
 * queue, so it alone enforces the deadlines, hands text to {@code onToken} in order, and stops at an interrupt.
 */
final class ConverseStreamCall {

    private sealed interface Event permits Started, Delta, ToolStarted, ToolInput, Stopped, Metered, Completed,
            Failed {
    }

    private record ToolStarted(int block, String id, String name) implements Event {
    }

    private record ToolInput(int block, String piece) implements Event {
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

    private final String answerTool;

    /** @param answerTool the tool a JSON answer was asked for as ({@link ConverseInput}), or {@code null} */
    ConverseStreamCall(BedrockFailures failures, BedrockAnswers answers, String answerTool) {
        this.failures = failures;
        this.answers = answers;
        this.answerTool = answerTool;
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
            Map<Integer, String[]> tools = new TreeMap<>();
            Map<Integer, StringBuilder> toolInputs = new TreeMap<>();
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
                } else if (event instanceof ToolStarted started) {
                    answering = true;
                    textArrived = true;
                    tools.put(started.block(), new String[] {started.id(), started.name()});
                    toolInputs.put(started.block(), new StringBuilder());
                } else if (event instanceof ToolInput input) {
                    toolInputs.computeIfAbsent(input.block(), b -> new StringBuilder()).append(input.piece());
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
            List<ToolCall> calls = new ArrayList<>();
            tools.forEach((block, tool) -> calls.add(new ToolCall(tool[0], tool[1], inputOf(toolInputs.get(block)))));
            return answers.answer(text.toString(), calls, stopReason, usage, answerTool);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failures.cancelled();
        } finally {
            call.cancel(true);
        }
    }

    /** A tool's input as streamed, in pieces of JSON text; a tool that takes no input may send none. */
    private static String inputOf(StringBuilder input) {
        return input == null || input.length() == 0 ? "{}" : input.toString();
    }

    private ConverseStreamResponseHandler handler() {
        return ConverseStreamResponseHandler.builder()
                .subscriber(ConverseStreamResponseHandler.Visitor.builder()
                        .onMessageStart(start -> events.add(new Started()))
                        .onContentBlockStart(block -> {
                            if (block.start() != null && block.start().toolUse() != null) {
                                events.add(new ToolStarted(block.contentBlockIndex(),
                                        block.start().toolUse().toolUseId(), block.start().toolUse().name()));
                            }
                        })
                        .onContentBlockDelta(block -> {
                            if (block.delta() != null && block.delta().text() != null) {
                                events.add(new Delta(block.delta().text()));
                            } else if (block.delta() != null && block.delta().toolUse() != null) {
                                events.add(new ToolInput(block.contentBlockIndex(), block.delta().toolUse().input()));
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
