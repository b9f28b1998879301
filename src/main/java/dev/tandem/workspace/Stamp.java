package dev.tandem.workspace;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a backup was taken, to the second, as it appears in backup names ({@code 2026-11-25T10-15-30Z}); a second
 * backup in the same second is {@code 2026-11-25T10-15-30Z-2}, and so on.
 */
record Stamp(Instant time, int sequence) implements Comparable<Stamp> {

    static final Pattern PATTERN = Pattern.compile(
            "(?<seconds>\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2})Z(?:-(?<sequence>\\d+))?");

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH-mm-ss");
    private static final Comparator<Stamp> ORDER = Comparator.comparing(Stamp::time).thenComparingInt(Stamp::sequence);

    static Stamp first(Instant now) {
        return new Stamp(now.truncatedTo(ChronoUnit.SECONDS), 1);
    }

    /** The stamp that {@code text} is, exactly, if it is one. */
    static Optional<Stamp> parse(String text) {
        Matcher matcher = PATTERN.matcher(text);
        return matcher.matches() ? Optional.of(of(matcher)) : Optional.empty();
    }

    /** The stamp matched by {@link #PATTERN} in {@code matcher}. */
    static Stamp of(Matcher matcher) {
        Instant time = LocalDateTime.parse(matcher.group("seconds"), SECONDS).toInstant(ZoneOffset.UTC);
        String sequence = matcher.group("sequence");
        return new Stamp(time, sequence == null ? 1 : Integer.parseInt(sequence));
    }

    Stamp next() {
        return new Stamp(time, sequence + 1);
    }

    @Override
    public int compareTo(Stamp other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        String seconds = SECONDS.format(LocalDateTime.ofInstant(time, ZoneOffset.UTC)) + "Z";
        return sequence == 1 ? seconds : seconds + "-" + sequence;
    }
}
