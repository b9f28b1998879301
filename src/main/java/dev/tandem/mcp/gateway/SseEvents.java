package dev.tandem.mcp.gateway;

import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * Reads a {@code text/event-stream} line by line as it arrives and hands over each event's data: the {@code data:}
 * lines joined by newlines, dispatched at the blank line that ends the event. Comment lines ({@code :}, the
 * keep-alives), event names and ids carry nothing a 2026-07-28 client needs and are skipped.
 */
final class SseEvents implements Flow.Subscriber<String> {

    private final Consumer<String> events;
    private final Consumer<Flow.Subscription> started;
    private final Runnable ended;
    private final Consumer<Throwable> failed;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    SseEvents(Consumer<String> events, Consumer<Flow.Subscription> started, Runnable ended,
            Consumer<Throwable> failed) {
        this.events = events;
        this.started = started;
        this.ended = ended;
        this.failed = failed;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        started.accept(subscription);
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        if (line.isEmpty()) {
            dispatch();
        } else if (line.startsWith("data:")) {
            if (hasData) {
                data.append('\n');
            }
            data.append(line, line.startsWith("data: ") ? 6 : 5, line.length());
            hasData = true;
        }
    }

    private void dispatch() {
        if (hasData) {
            String event = data.toString();
            data.setLength(0);
            hasData = false;
            events.accept(event);
        }
    }

    @Override
    public void onError(Throwable error) {
        failed.accept(error);
    }

    @Override
    public void onComplete() {
        // a stream may end without the blank line after its last event
        dispatch();
        ended.run();
    }
}
