package dev.tandem.json;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The arrays {@link RawFields} kept lately, as bytes and text: a body that repeats one, as an agent repeats its tools
 * with every request, is matched by comparing bytes (one vectorised compare) instead of being scanned byte by byte for
 * the array's end, decoded again and hashed again; and the same text comes back, its hash computed once. A known array
 * matches only where the body holds exactly its bytes, and its end is where the scan ended on those bytes, so a match
 * says what the scan would have said.
 */
final class RepeatedArrays {

    /** An array as its bytes and its text. */
    record Known(byte[] bytes, String text) {
    }

    /** Larger arrays are scanned every time: a few of them are memory enough. */
    private static final int LARGEST_BYTES = 256 * 1024;

    private final AtomicReferenceArray<Known> slots;
    private final AtomicInteger next = new AtomicInteger();

    RepeatedArrays(int slots) {
        this.slots = new AtomicReferenceArray<>(slots);
    }

    /** The known array whose bytes {@code body} holds from {@code start}; null when it holds none of them. */
    Known at(byte[] body, int start) {
        for (int i = 0; i < slots.length(); i++) {
            Known known = slots.get(i);
            if (known != null && known.bytes().length <= body.length - start && Arrays.equals(body, start,
                    start + known.bytes().length, known.bytes(), 0, known.bytes().length)) {
                return known;
            }
        }
        return null;
    }

    /** Keeps {@code body}'s array [start, end), read as {@code text}, in place of the one kept longest. */
    void remember(byte[] body, int start, int end, String text) {
        if (end - start <= LARGEST_BYTES) {
            slots.set(Math.floorMod(next.getAndIncrement(), slots.length()),
                    new Known(Arrays.copyOfRange(body, start, end), text));
        }
    }
}
