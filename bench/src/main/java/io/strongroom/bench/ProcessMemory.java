package io.strongroom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Memory of processes as Linux reports it in {@code /proc}. */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Resident set size ({@code VmRSS}) in bytes, or -1 when unknown. */
    static long rss(long pid) {
        return field(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
    }

    /**
     * Proportional set size of a process and all its descendants, in bytes: shared memory (such as
     * PostgreSQL's shared buffers) is divided among the processes that map it, so the sum is not
     * inflated the way a sum of RSS values would be.
     */
    static long pssWithDescendants(long pid) {
        return ProcessHandle.of(pid).map(root -> Stream.concat(Stream.of(root), root.descendants())
                .mapToLong(p -> Math.max(0, field(Path.of("/proc", Long.toString(p.pid()), "smaps_rollup"), "Pss:")))
                .sum()).orElse(-1L);
    }

    private static long field(Path file, String name) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(name)).findFirst()
                    .map(l -> Long.parseLong(l.substring(name.length()).trim().split("\\s+")[0]) * 1024)
                    .orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Total memory of the machine in bytes ({@code MemTotal}). */
    static long total() {
        return field(Path.of("/proc/meminfo"), "MemTotal:");
    }

    /** The CPU model as {@code /proc/cpuinfo} names it. */
    static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
