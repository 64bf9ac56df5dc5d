package dev.l4lab.lb.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's chromium, headless, as a person's browser: it loads a page from loopback, runs its scripts for a
 * stretch of virtual time and hands back the DOM it drew. A fresh profile each time, and every background
 * service off, so it talks to nothing but the page. `./lab test` installs it (ensure_packages).
 */
public final class HeadlessChromium {

    private HeadlessChromium() {
    }

    /** The page's DOM after {@code virtualTimeMs} of virtual time (timers and fetches run, the clock jumps). */
    public static String dumpDom(String url, int virtualTimeMs) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("lb-demo-chromium");
        Path stderr = Files.createTempFile("lb-demo-chromium", ".log");
        try {
            Process p = new ProcessBuilder(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--no-default-browser-check", "--disable-default-apps", "--user-data-dir=" + profile,
                    "--virtual-time-budget=" + virtualTimeMs, "--dump-dom", url))
                    .redirectError(stderr.toFile()).start();
            p.getOutputStream().close();
            byte[] dom = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("chromium exited with " + p.exitValue() + ": " + Files.readString(stderr));
            }
            return new String(dom, StandardCharsets.UTF_8);
        } finally {
            deleteTree(profile);
            Files.deleteIfExists(stderr);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
