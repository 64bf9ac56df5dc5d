package dev.l4lab.lb.limits;

import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the process may use: its descriptor limit (RLIMIT_NOFILE as the JVM left it: HotSpot raises the soft limit
 * to the hard one), the descriptors open now, the heap (-Xmx) and the direct memory Netty may allocate
 * (-XX:MaxDirectMemorySize, which defaults to -Xmx). {@code -1} descriptors: unknown (no /proc), not checked.
 */
public record HostResources(long maxDescriptors, long openDescriptors, long maxHeapBytes, long maxDirectBytes) {

    public static HostResources current() {
        return new HostResources(readDescriptorLimit(), countOpenDescriptors(), Runtime.getRuntime().maxMemory(),
                PlatformDependent.maxDirectMemory());
    }

    /** "Max open files  20000  20000  files" in /proc/self/limits: the soft limit. */
    private static long readDescriptorLimit() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/limits"))) {
            return lines.filter(l -> l.startsWith("Max open files")).findFirst()
                    .map(l -> l.substring("Max open files".length()).trim().split("\\s+")[0])
                    .map(v -> v.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(v)).orElse(-1L);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static long countOpenDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return 0;
        }
    }
}
