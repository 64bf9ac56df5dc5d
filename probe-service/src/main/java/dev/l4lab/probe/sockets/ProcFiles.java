package dev.l4lab.probe.sockets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads small /proc files; blocking, so only on worker threads. */
public final class ProcFiles {

    private ProcFiles() {
    }

    public static Optional<String> read(String path) {
        try {
            return Optional.of(Files.readString(Path.of(path), StandardCharsets.ISO_8859_1));
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
