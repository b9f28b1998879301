package dev.tandem;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Requests an emulator received that Tandem should not have sent (a model, key, signature, region, desired state or
 * patch other than the configuration and the API allow). The emulator answers them as the real service would; the test that caused them fails when it
 * checks {@link #assertNone()} in its teardown, even if Tandem recovered from the refusal (a fallback, a retry).
 */
public final class Violations {

    private final List<String> seen = new CopyOnWriteArrayList<>();

    public void add(String violation) {
        seen.add(violation);
    }

    /** The violations so far, forgotten once taken: for a test that sends a wrong request on purpose. */
    public List<String> take() {
        List<String> taken = List.copyOf(seen);
        seen.removeAll(taken);
        return taken;
    }

    /** Fails with every violation received since the last check. */
    public void assertNone() {
        List<String> taken = take();
        if (!taken.isEmpty()) {
            throw new AssertionError("The emulator received requests Tandem should not send:\n  "
                    + String.join("\n  ", taken));
        }
    }
}
