package dev.l4lab.lb.udp;

import io.netty.channel.Channel;
import io.netty.channel.unix.UnixChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * The datagrams the kernel dropped for one socket because its receive buffer was full: the "drops" column of
 * /proc/net/udp (and udp6) for the socket's inode. Nothing in user space sees those drops otherwise. Read at most
 * once a second, off the event loop (by the metrics scrape and the admin API); 0 where /proc is not there.
 */
final class KernelDrops implements LongSupplier {

    private static final long REFRESH_NANOS = 1_000_000_000L;
    private static final String[] TABLES = {"/proc/net/udp", "/proc/net/udp6"};

    private final String inode;
    private long lastRead = System.nanoTime() - REFRESH_NANOS;
    private long drops;

    private KernelDrops(String inode) {
        this.inode = inode;
    }

    /** For a bound socket; a source that always answers 0 when its inode cannot be read. */
    static LongSupplier of(Channel ch) {
        if (!(ch instanceof UnixChannel unix)) {
            return () -> 0;
        }
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/fd/" + unix.fd().intValue())).toString();
            if (link.startsWith("socket:[") && link.endsWith("]")) {
                return new KernelDrops(link.substring(8, link.length() - 1));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux: no kernel count
        }
        return () -> 0;
    }

    @Override
    public synchronized long getAsLong() {
        long now = System.nanoTime();
        if (now - lastRead >= REFRESH_NANOS) {
            lastRead = now;
            drops = Math.max(drops, read());
        }
        return drops;
    }

    private long read() {
        for (String table : TABLES) {
            try (BufferedReader in = Files.newBufferedReader(Path.of(table), StandardCharsets.US_ASCII)) {
                in.readLine(); // header
                for (String line; (line = in.readLine()) != null; ) {
                    String[] f = line.trim().split("\\s+");
                    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
                    if (f.length >= 13 && f[9].equals(inode)) {
                        return Long.parseLong(f[12]);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // table absent or unreadable: try the next one
            }
        }
        return drops;
    }
}
