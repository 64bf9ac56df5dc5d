package dev.l4lab.lb.packaged;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * lb-demo as the images run it: the packaged jar (target/quarkus-app) with the JVM flags of
 * docker/jvm/run-java.sh (read from that script, so the two cannot drift), optionally under a lower descriptor
 * limit (ulimit -n), on loopback. Its admin port is ephemeral and read from its log.
 */
final class PackagedLb implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path log;
    private final int adminPort;

    private PackagedLb(Process process, Path log, int adminPort) {
        this.process = process;
        this.log = log;
        this.adminPort = adminPort;
    }

    /** The module directory (failsafe runs in it). */
    private static Path module() {
        return Path.of(System.getProperty("user.dir"));
    }

    /** The default JAVA_OPTS of docker/jvm/run-java.sh. */
    static List<String> imageJvmFlags() throws IOException {
        String script = Files.readString(module().resolve("../docker/jvm/run-java.sh"));
        Matcher m = Pattern.compile(":\\s*\"\\$\\{JAVA_OPTS:=([^}]*)}\"").matcher(script);
        if (!m.find()) {
            throw new AssertionError("no default JAVA_OPTS in docker/jvm/run-java.sh");
        }
        return List.of(m.group(1).trim().split("\\s+"));
    }

    private static List<String> command(Map<String, String> props, OptionalInt nofile) throws IOException {
        List<String> java = new ArrayList<>();
        java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        java.addAll(imageJvmFlags());
        java.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        java.add("-Dquarkus.http.port=0");
        java.add("-Dquarkus.http.host=127.0.0.1");
        props.forEach((k, v) -> java.add("-D" + k + "=" + v));
        java.add("-jar");
        java.add(module().resolve("target/quarkus-app/quarkus-run.jar").toString());
        if (nofile.isEmpty()) {
            return java;
        }
        List<String> limited = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + nofile.getAsInt() + " && exec \"$@\"",
                "lb-demo"));
        limited.addAll(java);
        return limited;
    }

    /** Starts it and waits (at most 90 s: the machine is shared) until the admin port listens. */
    static PackagedLb start(Map<String, String> props, OptionalInt nofile) throws Exception {
        Path log = Files.createTempFile("lb-demo-packaged", ".log");
        Process p = new ProcessBuilder(command(props, nofile)).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return new PackagedLb(p, log, Integer.parseInt(m.group(1)));
            }
            if (!p.isAlive()) {
                throw new AssertionError("lb-demo exited with " + p.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError("lb-demo did not start within 90 s:\n" + Files.readString(log));
    }

    /** A start that must fail: its exit code and everything it printed. */
    record Failed(int exitCode, String output) {
    }

    static Failed startFailing(Map<String, String> props, OptionalInt nofile) throws Exception {
        Path log = Files.createTempFile("lb-demo-packaged", ".log");
        try {
            Process p = new ProcessBuilder(command(props, nofile)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("lb-demo should have failed at start-up but runs:\n" + Files.readString(log));
            }
            return new Failed(p.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    int adminPort() {
        return adminPort;
    }

    boolean alive() {
        return process.isAlive();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** Resident set size of the process, from /proc. */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no VmRSS for " + process.pid());
    }

    /** Open descriptors of the process, from /proc. */
    long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/" + process.pid() + "/fd"))) {
            return fds.count();
        }
    }

    /** One admin call: status and body; a hard 10 s limit. */
    HttpResponse<String> call(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                .timeout(Duration.ofSeconds(10));
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path) throws Exception {
        return call("GET", path, null);
    }

    /** The value of one Prometheus sample, e.g. {@code jvm_memory_used_bytes{area="heap"}} summed over its series. */
    double metric(String name, String labelFilter) throws Exception {
        double sum = 0;
        boolean seen = false;
        for (String line : get("/q/metrics").body().split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(labelFilter)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                seen = true;
            }
        }
        if (!seen) {
            throw new AssertionError("no metric " + name + " with " + labelFilter);
        }
        return sum;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
    }
}
