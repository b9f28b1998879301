package dev.tandem.http;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Requests per minute per caller, as a token bucket: a key may spend its whole minute at once, then one request every
 * 60/rpm seconds. A caller without a limit is never counted.
 */
public final class RequestBudgets {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RequestBudgets(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Empty when the request may go; otherwise how many seconds until the caller may send the next one. */
    public OptionalLong spend(Caller caller) {
        if (caller.requestsPerMinute() <= 0) {
            return OptionalLong.empty();
        }
        return buckets.computeIfAbsent(caller.name(), n -> new Bucket(caller.requestsPerMinute(), nanoClock.getAsLong()))
                .spend(nanoClock.getAsLong());
    }

    /** The time a caller has saved up, in nanoseconds: each request costs a minute divided by the limit. */
    private static final class Bucket {
        private final long nanosPerRequest;
        private final long most;
        private long saved;
        private long updated;

        Bucket(int requestsPerMinute, long now) {
            this.nanosPerRequest = MINUTE_NANOS / requestsPerMinute;
            this.most = nanosPerRequest * requestsPerMinute;
            this.saved = most;
            this.updated = now;
        }

        synchronized OptionalLong spend(long now) {
            saved = Math.min(most, saved + (now - updated));
            updated = now;
            if (saved >= nanosPerRequest) {
                saved -= nanosPerRequest;
                return OptionalLong.empty();
            }
            long waitNanos = nanosPerRequest - saved;
            return OptionalLong.of((waitNanos + 999_999_999L) / 1_000_000_000L);
        }
    }
}
