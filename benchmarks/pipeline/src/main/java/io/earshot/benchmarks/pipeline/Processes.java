package io.earshot.benchmarks.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time and resident memory of the suite's processes, read from /proc (Linux). A "process" here is a named group
 * of pids: each service and the Kafka broker from their pid files, PostgreSQL and Redis by command name (all of their
 * processes summed).
 */
final class Processes {
    /** One reading: cumulative CPU seconds (user + system) and resident set size in bytes, per group. */
    record Reading(long nanos, Map<String, Double> cpuSeconds, Map<String, Long> rssBytes) {}

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux
    private final Map<String, List<Long>> fixed = new LinkedHashMap<>();
    private final Map<String, String> byCommand = new LinkedHashMap<>();

    Processes(Path state) {
        for (String svc : List.of("listener", "sentiment", "escalation", "map")) {
            readPid(state.resolve("run").resolve(svc + ".pid")).ifPresent(pid -> fixed.put(svc, List.of(pid)));
        }
        readPid(state.resolve("kafka").resolve("demo").resolve("kafka.pid")).ifPresent(pid -> fixed.put("kafka", List
                .of(pid)));
        byCommand.put("postgresql", "postgres");
        byCommand.put("redis", "redis-server");
    }

    List<String> names() {
        List<String> names = new ArrayList<>(fixed.keySet());
        names.addAll(byCommand.keySet());
        return names;
    }

    Reading read() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        Map<String, Long> rss = new LinkedHashMap<>();
        fixed.forEach((name, pids) -> accumulate(name, pids, cpu, rss));
        if (!byCommand.isEmpty()) {
            Map<String, List<Long>> found = new LinkedHashMap<>();
            try (var dirs = Files.list(Path.of("/proc"))) {
                dirs.forEach(dir -> {
                    String n = dir.getFileName().toString();
                    if (!n.chars().allMatch(Character::isDigit)) {
                        return;
                    }
                    String comm = readString(dir.resolve("comm")).strip();
                    byCommand.forEach((name, command) -> {
                        if (comm.equals(command)) {
                            found.computeIfAbsent(name, k -> new ArrayList<>()).add(Long.parseLong(n));
                        }
                    });
                });
            } catch (IOException e) {
                // /proc unreadable: no readings for these groups
            }
            byCommand.keySet().forEach(name -> accumulate(name, found.getOrDefault(name, List.of()), cpu, rss));
        }
        return new Reading(System.nanoTime(), cpu, rss);
    }

    private static void accumulate(String name, List<Long> pids, Map<String, Double> cpu, Map<String, Long> rss) {
        double seconds = 0;
        long bytes = 0;
        for (long pid : pids) {
            String stat = readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            if (close < 0) {
                continue;
            }
            String[] f = stat.substring(close + 2).split(" ");
            // after "pid (comm) ": f[0] is state (field 3), so utime (field 14) is f[11] and stime (15) f[12]
            seconds += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
            for (String line : readString(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
                if (line.startsWith("VmRSS:")) {
                    bytes += Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        }
        cpu.put(name, seconds);
        rss.put(name, bytes);
    }

    private static java.util.Optional<Long> readPid(Path file) {
        String s = readString(file).strip();
        return s.matches("\\d+") && Files.exists(Path.of("/proc", s))
                ? java.util.Optional.of(Long.parseLong(s))
                : java.util.Optional.empty();
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
