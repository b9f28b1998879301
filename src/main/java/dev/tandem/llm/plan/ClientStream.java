package dev.tandem.llm.plan;

import java.util.Map;

/**
 * The client's event stream of a {@code stream: true} request, as the plan sees it: a run that commits to a branch
 * starts it and forwards that branch's pieces as they arrive. The HTTP layer writes the events.
 */
public interface ClientStream {

    /** The exchange property that carries the stream from the HTTP layer to the planner. */
    String PROPERTY = "tandemLiveStream";

    /** Sends the status line and headers: the stream is live from here on. */
    void start(Map<String, String> headers);

    void piece(String text);

    /** Whether the client went away: nothing more is worth generating for it. */
    boolean clientGone();
}
