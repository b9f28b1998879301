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
 * CPU time from {@code /proc}, for telling where a run's CPU went whatever else the machine is doing: this JVM as a
 * whole, its threads grouped by name (onnxruntime's native threads included), and the processes it started
 * (Elasticsearch). Linux only; times in seconds, assuming the usual 100 clock ticks per second.
 */
final class IngestionCpuAccounting {

    private static final double TICKS_PER_SECOND = 100.0;

    /** CPU seconds by name: "process", "children" and one entry per thread-name group. */
    record Sample(Map<String, Double> seconds) {

        double get(String key) {
            return seconds.getOrDefault(key, 0.0);
        }

        Sample minus(Sample earlier) {
            Map<String, Double> delta = new HashMap<>();
            seconds.forEach((k, v) -> delta.put(k, v - earlier.get(k)));
            return new Sample(delta);
        }

        /** The process, its children and its busiest thread groups, one line. */
        String describe(int topGroups) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "this JVM %.1f s, child processes %.1f s;",
                    get("process"), get("children")));
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

    static Sample sample() {
        Map<String, Double> seconds = new HashMap<>();
        seconds.put("process", ticks(Path.of("/proc/self/stat")) / TICKS_PER_SECOND);
        double children = 0;
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            children += ticks(Path.of("/proc", Long.toString(child.pid()), "stat")) / TICKS_PER_SECOND;
        }
        seconds.put("children", children);
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String group = "thread:" + group(comm(task));
                seconds.merge(group, ticks(task.resolve("stat")) / TICKS_PER_SECOND, Double::sum);
            }
        } catch (IOException e) {
            // threads come and go; the process total still counts them
        }
        return new Sample(seconds);
    }

    /** This JVM's resident memory in KiB, 0 when unknown. */
    static long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
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
