package dev.l4lab.probe.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * probe-service as packaged: target/quarkus-app/quarkus-run.jar started with the JVM flags of the images
 * (read from docker/jvm/run-java.sh, so they cannot drift: 128 MiB heap, SerialGC, exit on OOM), on a
 * random loopback port. Reads its heap, RSS, threads and metrics the way an operator would.
 */
public final class PackagedService implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;

    private PackagedService(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** The image's default JAVA_OPTS, from the launcher script itself. */
    public static List<String> imageJvmFlags() throws IOException {
        Path script = Path.of("..", "docker", "jvm", "run-java.sh");
        Matcher m = Pattern.compile("JAVA_OPTS:=([^}]+)\\}").matcher(Files.readString(script));
        if (!m.find()) {
            throw new IllegalStateException("no default JAVA_OPTS in " + script.toAbsolutePath());
        }
        return Arrays.asList(m.group(1).trim().split("\\s+"));
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("probe.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no packaged jar at " + jar.toAbsolutePath() + " (run mvn package first)");
        }
        return jar;
    }

    /** Starts the jar with {@code properties} (-Dkey=value each) and waits until /q/health/ready answers. */
    public static PackagedService start(String name, String... properties) throws IOException, InterruptedException {
        Path log = Files.createDirectories(Path.of("target", "packaged-service")).resolve(name + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(imageJvmFlags());
        cmd.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        cmd.add("-Dquarkus.http.port=0");
        for (String p : properties) {
            cmd.add("-D" + p);
        }
        cmd.add("-jar");
        cmd.add(jar().toString());
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
            if (m.find()) {
                PackagedService s = new PackagedService(process, log, Integer.parseInt(m.group(1)));
                if (s.ready()) {
                    return s;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("probe-service exited with " + process.exitValue() + ":\n"
                        + Files.readString(log, StandardCharsets.ISO_8859_1));
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("probe-service did not get ready in 90 s:\n" + Files.readString(log));
    }

    /** Runs the jar expecting it to refuse to start; returns its exit code and output. */
    public static String failingStart(String... properties) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        cmd.addAll(imageJvmFlags());
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        cmd.add("-Dquarkus.http.port=0");
        for (String p : properties) {
            cmd.add("-D" + p);
        }
        cmd.addAll(List.of("-jar", jar().toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the service started although it should have refused");
        }
        return "exit " + p.exitValue() + "\n" + new String(out, StandardCharsets.UTF_8);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    private boolean ready() {
        try {
            return get("/q/health/ready", Duration.ofSeconds(5)).startsWith("200");
        } catch (IOException e) {
            return false;
        }
    }

    /** "STATUS BODY" of a GET. */
    public String get(String path, Duration timeout) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
        c.setConnectTimeout((int) timeout.toMillis());
        c.setReadTimeout((int) timeout.toMillis());
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            return status + " " + (in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** How long /q/health/ready takes to answer UP (fails the caller's assertion by throwing if it does not). */
    public Duration healthLatency() throws IOException {
        long start = System.nanoTime();
        String answer = get("/q/health/ready", Duration.ofSeconds(20));
        if (!answer.startsWith("200")) {
            throw new IOException("health: " + answer);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The sum of every sample of {@code name} whose labels contain each of {@code labels} ("k=\"v\""). */
    public double metric(String name, String... labels) throws IOException {
        double sum = 0;
        for (String line : get("/q/metrics", Duration.ofSeconds(10)).split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                all &= line.contains(l);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Resident set size from /proc. */
    public long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for " + pid());
    }

    /** Heap in use right after a full GC (jcmd GC.run): what the service really holds on to. */
    public long heapAfterGc() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid()), "GC.run").redirectErrorStream(true).start();
        jcmd.getInputStream().readAllBytes();
        jcmd.waitFor(30, TimeUnit.SECONDS);
        return (long) metric("jvm_memory_used_bytes", "area=\"heap\"");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
