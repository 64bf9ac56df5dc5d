package dev.l4lab.probe.sockets;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reads small /proc files; blocking, so only on worker threads. */
public final class ProcFiles {

    private ProcFiles() {
    }

    public static Optional<String> read(String path) {
        try {
            // Not Files.readString: /proc files report size 0 and JDK 17 then returns a truncated read.
            try (InputStream in = new FileInputStream(path)) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
            }
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** A sysctl-style file holding one integer, or -1 when unreadable. */
    public static int readInt(String path) {
        return read(path).map(String::trim).map(s -> {
            try {
                return Integer.parseInt(s.split("\\s+")[0]);
            } catch (NumberFormatException e) {
                return -1;
            }
        }).orElse(-1);
    }
}
