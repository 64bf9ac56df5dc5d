package dev.l4lab.probe.sockets;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads /proc files: small ones whole, socket tables line by line. Blocking: worker threads only. */
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

    /**
     * Every line of a /proc file to {@code each}, read as it streams: memory does not grow with the file (a
     * busy host's /proc/net/tcp6 has tens of thousands of lines). False when the file cannot be read.
     */
    public static boolean lines(String path, Consumer<String> each) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream(path),
                StandardCharsets.ISO_8859_1), 16 * 1024)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                each.accept(line);
            }
            return true;
        } catch (IOException | SecurityException e) {
            return false;
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
