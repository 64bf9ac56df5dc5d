package dev.l4lab.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Three network namespaces made for one test run, wired client -> gateway -> server with two veth pairs:
 * <pre>
 *   client 198.18.1.2/24 ==outside== 198.18.1.1/24 gateway 198.18.2.1/24 ==lab== 198.18.2.2/24 server
 * </pre>
 * (198.18.0.0/15 is the benchmarking range; these addresses exist only inside these namespaces.) Names carry
 * this JVM's pid and a letter, so runs never collide; {@link #close()} deletes all three, and leftovers of
 * runs whose JVM is gone are deleted before a new lab is made. Nothing is created in the host's namespace:
 * both veth ends are made directly inside their namespaces.
 */
public final class NetnsLab implements AutoCloseable {

    public static final String OUTSIDE_NET = "198.18.1.0/24";
    public static final String LAB_NET = "198.18.2.0/24";
    public static final String CLIENT = "198.18.1.2";
    public static final String GATEWAY_OUTSIDE = "198.18.1.1";
    public static final String GATEWAY_LAB = "198.18.2.1";
    public static final String SERVER = "198.18.2.2";

    private static final Pattern OURS = Pattern.compile("^gwt(\\d+)[a-z][cgs]$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String prefix;
    private final boolean owner;
    private final List<Process> processes = new ArrayList<>();

    private NetnsLab(String prefix, boolean owner) {
        this.prefix = prefix;
        this.owner = owner;
    }

    /** Makes the three namespaces and both links; on any failure deletes what it made and rethrows. */
    public static NetnsLab create() {
        cleanStale();
        NetnsLab lab = claim();
        String prefix = lab.prefix;
        Runtime.getRuntime().addShutdownHook(new Thread(lab::close));
        try {
            for (String ns : List.of(lab.gatewayNs(), lab.serverNs())) {
                Shell.must("ip", "netns", "add", ns);
            }
            for (String ns : List.of(lab.clientNs(), lab.gatewayNs(), lab.serverNs())) {
                Shell.must("ip", "-n", ns, "link", "set", "lo", "up");
            }
            Shell.must("ip", "link", "add", prefix + "c0", "netns", lab.clientNs(), "type", "veth",
                    "peer", "name", lab.outsideIf(), "netns", lab.gatewayNs());
            Shell.must("ip", "link", "add", lab.labIf(), "netns", lab.gatewayNs(), "type", "veth",
                    "peer", "name", prefix + "s0", "netns", lab.serverNs());
            addr(lab.clientNs(), prefix + "c0", CLIENT);
            addr(lab.gatewayNs(), lab.outsideIf(), GATEWAY_OUTSIDE);
            addr(lab.gatewayNs(), lab.labIf(), GATEWAY_LAB);
            addr(lab.serverNs(), prefix + "s0", SERVER);
            // As compose does with sysctls: for the gateway container.
            Shell.must("ip", "netns", "exec", lab.gatewayNs(), "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /**
     * Takes the first free letter for this JVM: the kernel's creation of the client namespace's file decides,
     * so two labs in one JVM (test classes loaded by different class loaders) never share a name.
     */
    private static NetnsLab claim() {
        String base = "gwt" + ProcessHandle.current().pid();
        for (char c = 'a'; c <= 'z'; c++) {
            if (Shell.run("ip", "netns", "add", base + c + "c").ok()) {
                return new NetnsLab(base + c, true);
            }
        }
        throw new IllegalStateException("no free namespace name left for " + base);
    }

    /** A handle on namespaces another part of the test made (from the gateway namespace's name). */
    public static NetnsLab attach(String gatewayNs) {
        return new NetnsLab(gatewayNs.substring(0, gatewayNs.length() - 1), false);
    }

    private static void addr(String ns, String dev, String address) {
        Shell.must("ip", "-n", ns, "addr", "add", address + "/24", "dev", dev);
        Shell.must("ip", "-n", ns, "link", "set", dev, "up");
    }

    public String clientNs() {
        return prefix + "c";
    }

    public String gatewayNs() {
        return prefix + "g";
    }

    public String serverNs() {
        return prefix + "s";
    }

    public String outsideIf() {
        return prefix + "go";
    }

    public String labIf() {
        return prefix + "gl";
    }

    /** Starts the test servers in the server namespace and waits for "ready". */
    public Process startServers(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", serverNs(), "python3", peerScript()));
        argv.add("serve");
        argv.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            processes.add(p);
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            if (!"ready".equals(line)) {
                throw new IllegalStateException("test servers did not start: " + line);
            }
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test servers: " + e.getMessage(), e);
        }
    }

    /** Runs a peer.py client command in a namespace and returns its JSON answer. */
    public JsonNode peer(String ns, int timeoutSeconds, String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns, "python3", peerScript()));
        argv.addAll(List.of(args));
        Shell.Result r = Shell.run(argv, timeoutSeconds);
        String[] lines = r.output().strip().split("\n");
        try {
            return JSON.readTree(lines[lines.length - 1]);
        } catch (IOException e) {
            throw new IllegalStateException("peer " + String.join(" ", args) + " answered no JSON: " + r.output());
        }
    }

    public JsonNode client(int timeoutSeconds, String... args) {
        return peer(clientNs(), timeoutSeconds, args);
    }

    /** Starts a long-running client (hold); the first JSON line it prints is returned, the process is tracked. */
    public JsonNode clientInBackground(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", clientNs(), "python3", peerScript()));
        argv.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            processes.add(p);
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            return JSON.readTree(r.readLine());
        } catch (IOException e) {
            throw new IllegalStateException("background client failed: " + e.getMessage(), e);
        }
    }

    /** Runs a command inside the gateway namespace (nft, ip) as another administrator would. */
    public Shell.Result inGateway(String... argv) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", gatewayNs()));
        full.addAll(List.of(argv));
        return Shell.run(full, 30);
    }

    static String peerScript() {
        Path p = Path.of("target/test-classes/netns/peer.py");
        if (!Files.exists(p)) {
            p = Path.of("src/test/resources/netns/peer.py");
        }
        return p.toAbsolutePath().toString();
    }

    @Override
    public synchronized void close() {
        for (Process p : processes) {
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        if (owner) {
            for (String ns : List.of(clientNs(), gatewayNs(), serverNs())) {
                killAndDelete(ns);
            }
        }
    }

    private static void killAndDelete(String ns) {
        Shell.Result pids = Shell.run("ip", "netns", "pids", ns);
        if (pids.ok()) {
            for (String pid : pids.output().split("\\s+")) {
                if (pid.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
        Shell.run("ip", "netns", "del", ns);
    }

    /** Deletes namespaces left by earlier runs whose JVM no longer exists (never another live run's). */
    static void cleanStale() {
        Shell.Result list = Shell.run("ip", "netns", "list");
        for (String line : list.output().split("\n")) {
            String name = line.split(" ")[0].trim();
            Matcher m = OURS.matcher(name);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                killAndDelete(name);
            }
        }
    }
}
