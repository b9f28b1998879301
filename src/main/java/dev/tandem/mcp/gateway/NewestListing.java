package dev.tandem.mcp.gateway;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The last listing of one kind (tools, prompts or resources) an upstream gave, never replaced by an older one. Each
 * listing takes a number when it is asked for or, for one the SDK asked for on a {@code list_changed}, when it
 * arrives; one numbered below a listing already applied is dropped. The listing {@code Upstream} asks for while it
 * connects can arrive after the one the SDK asked for on a change the server announced meanwhile, and is then older.
 */
final class NewestListing<T> {

    private final AtomicLong numbers = new AtomicLong();
    private long applied;
    private volatile T current;

    NewestListing(T empty) {
        this.current = empty;
    }

    /** A number for a listing asked for (or arriving) now. */
    long next() {
        return numbers.incrementAndGet();
    }

    /** Makes {@code listing} the current one unless a listing numbered higher was applied: true when it did. */
    synchronized boolean apply(long number, T listing) {
        if (number <= applied) {
            return false;
        }
        applied = number;
        current = listing;
        return true;
    }

    T current() {
        return current;
    }
}
