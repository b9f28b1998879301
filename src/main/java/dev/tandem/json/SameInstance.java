package dev.tandem.json;

/**
 * A cache key that is one object by identity: for values that are shared and never changed (a request reader's tool
 * list, a tool's schema), where hashing and comparing them by content would cost about what the cached work costs.
 */
public record SameInstance<T>(T value) {

    @Override
    public int hashCode() {
        return System.identityHashCode(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SameInstance<?> that && value == that.value;
    }
}
