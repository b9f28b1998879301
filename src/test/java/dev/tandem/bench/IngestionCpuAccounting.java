package dev.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time and resident memory of one process from {@code /proc}, for telling where a run's CPU went whatever else
 * the machine is doing: the process as a whole and its threads grouped by name (onnxruntime's native threads
 * included). Linux only; times in seconds, assuming the usual 100 clock ticks per second.
 */
final class IngestionCpuAccounting {

    private static final double TICKS_PER_SECOND = 100.0;

    /** CPU seconds by name: "process" and one entry per thread-name group. */
    record Sample(Map<String, Double> seconds) {

        double get(String key) {
            return seconds.getOrDefault(key, 0.0);
        }

        double process() {
            return get("process");
        }

        /** The threads whose name contains this text, together. */
        double threads(String nameContains) {
            return seconds.entrySet().stream().filter(e -> e.getKey().startsWith("thread:")
                    && e.getKey().contains(nameContains)).mapToDouble(Map.Entry::getValue).sum();
        }

        Sample minus(Sample earlier) {
            Map<String, Double> delta = new HashMap<>();
            seconds.forEach((k, v) -> delta.put(k, v - earlier.get(k)));
            return new Sample(delta);
        }

        /** The process and its busiest thread groups, one line. */
        String describe(int topGroups) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "process %.1f s;", process()));
            seconds.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("thread:"))
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(topGroups)
                    .forEach(e -> sb.append(String.format(Locale.ROOT, " [%s] %.1f s", e.getKey().substring(7),
                            e.getValue())));
            return sb.toString();
        }
    }

    private IngestionCpuAccounting() {
    }

    static Sample sample(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        Map<String, Double> seconds = new HashMap<>();
        seconds.put("process", ticks(proc.resolve("stat")) / TICKS_PER_SECOND);
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            for (Path task : tasks.toList()) {
                String group = "thread:" + group(comm(task));
                seconds.merge(group, ticks(task.resolve("stat")) / TICKS_PER_SECOND, Double::sum);
            }
        } catch (IOException e) {
            // threads come and go; the process total still counts them
        }
        return new Sample(seconds);
    }

    /** CPU seconds of one process (all its threads, living and ended), 0 when it is gone. */
    static double seconds(long pid) {
        return ticks(Path.of("/proc", Long.toString(pid), "stat")) / TICKS_PER_SECOND;
    }

    /** A process's resident memory in KiB, 0 when unknown. */
    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or gone
        }
        return 0;
    }

    /** Thread names without their numbers, so that a pool's threads add up. */
    private static String group(String comm) {
        return comm.replaceAll("[#\\-_ ]*\\d+", "#").strip();
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    /** utime + stime of a stat file; 0 when the process or thread is gone. */
    private static long ticks(Path stat) {
        try {
            String line = Files.readString(stat);
            List<String> fields = List.of(line.substring(line.lastIndexOf(')') + 2).split(" "));
            return Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
