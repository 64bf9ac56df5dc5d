package dev.l4lab.echo.packaged;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * echo-service as packaged: target/quarkus-app/quarkus-run.jar started with the JVM flags of the image's
 * launcher (docker/jvm/run-java.sh: 128 MiB heap, serial GC, exit on OOM), on free loopback-tested ports.
 */
final class PackagedEcho implements AutoCloseable {

    private static final Pattern JAVA_OPTS = Pattern.compile("JAVA_OPTS:=([^}]*)}");

    final int http;
    final int tcpEcho;
    final int udpEcho;
    final int discard;
    final int chargen;
    final int whoamiProxy;
    private final Process process;
    private final Path log;

    private PackagedEcho(Map<String, String> config, int udpPort, String name) throws IOException {
        int[] ports = freeTcpPorts(5);
        this.http = ports[0];
        this.tcpEcho = ports[1];
        this.discard = ports[2];
        this.chargen = ports[3];
        this.whoamiProxy = ports[4];
        this.udpEcho = udpPort > 0 ? udpPort : freeUdpPort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(imageJvmFlags());
        command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        command.add("-Dquarkus.http.port=" + http);
        command.add("-Decho.instance-name=packaged");
        command.add("-Decho.tcp.port=" + tcpEcho);
        command.add("-Decho.udp.port=" + udpEcho);
        command.add("-Decho.discard.port=" + discard);
        command.add("-Decho.chargen.port=" + chargen);
        command.add("-Decho.whoami-proxy.port=" + whoamiProxy);
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar().toString());
        this.log = jar().getParent().getParent().resolve("packaged-" + name + ".log");
        this.process = new ProcessBuilder(command).directory(jar().getParent().toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
    }

    /** Starts the jar and waits until it is ready; fails with its log if it is not. */
    static PackagedEcho start(String name, Map<String, String> config) throws Exception {
        PackagedEcho echo = new PackagedEcho(config, 0, name);
        echo.awaitReady(Duration.ofSeconds(90));
        return echo;
    }

    /** Starts the jar without waiting (for start-ups that must fail); udpPort 0 picks a free one. */
    static PackagedEcho launch(String name, Map<String, String> config, int udpPort) throws IOException {
        return new PackagedEcho(config, udpPort, name);
    }

    /** The default JAVA_OPTS of docker/jvm/run-java.sh, so the tests run with the image's heap and flags. */
    static List<String> imageJvmFlags() throws IOException {
        String script = Files.readString(Path.of(System.getProperty("echo.launcher")));
        Matcher m = JAVA_OPTS.matcher(script);
        if (!m.find()) {
            throw new IllegalStateException("no JAVA_OPTS default in " + System.getProperty("echo.launcher"));
        }
        return List.of(m.group(1).trim().split("\\s+"));
    }

    RequestSpecification api() {
        return given().baseUri("http://127.0.0.1").port(http);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM, as docker stop sends it (Process.destroy() is SIGTERM on Linux). */
    void sigterm() {
        process.destroy();
    }

    /** Waits for the process to exit; returns its exit code, or throws if it is still running. */
    int exitCodeWithin(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + limit.toMillis() + " ms; log:\n" + tail());
        }
        return process.exitValue();
    }

    /** Live heap: a full GC (jcmd GC.run), then the heap pools' used bytes from /q/metrics. */
    long heapAfterGc() throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.run").redirectErrorStream(true).start();
        String out = new String(gc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            throw new AssertionError("jcmd GC.run failed: " + out);
        }
        long used = 0;
        for (String line : api().get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return used;
    }

    /** Resident set size of the process, from /proc. */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid());
    }

    String tail() {
        String all = log();
        return all.length() > 6000 ? all.substring(all.length() - 6000) : all;
    }

    private void awaitReady(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("echo-service exited with " + process.exitValue() + "; log:\n" + tail());
            }
            try {
                if (api().get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not ready after " + limit.toSeconds() + " s; log:\n" + tail());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Path jar() {
        return Path.of(System.getProperty("echo.jar"));
    }

    /** n distinct free ports: all are held until all are found (one at a time, the kernel may hand one out twice). */
    private static int[] freeTcpPorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket();
                held.add(s);
                s.bind(new InetSocketAddress("127.0.0.1", 0));
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }
}
