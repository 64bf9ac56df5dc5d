package dev.l4lab.probe.support;

import dev.l4lab.probe.v1.SocketEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs `ss -tanH` and turns every line into "STATE RECVQ LOCAL:PORT PEER:PORT" with ss's notations
 * normalized ([..] dropped, "*" for :: / port 0), the same key {@link #key(SocketEntry)} builds.
 */
public final class SsOutput {

    private SsOutput() {
    }

    public static Set<String> tcp() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ss", "-tanH").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("ss -tanH failed: " + out);
        }
        Set<String> keys = new HashSet<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5) {
                continue;
            }
            String state = f[0];
            String recvQ = state.equals("LISTEN") ? f[1] : "0"; // queues of live sockets drift; listeners' is asserted
            keys.add(state + " " + recvQ + " " + endpoint(f[3]) + " " + endpoint(f[4]));
        }
        return keys;
    }

    private static String endpoint(String ss) {
        int colon = ss.lastIndexOf(':');
        String addr = ss.substring(0, colon);
        String port = ss.substring(colon + 1);
        if (addr.startsWith("[") && addr.endsWith("]")) {
            addr = addr.substring(1, addr.length() - 1);
        }
        if (addr.equals("*")) {
            addr = "::";
        }
        int pct = addr.indexOf('%'); // ss appends %iface for scoped sockets
        if (pct >= 0) {
            addr = addr.substring(0, pct);
        }
        return addr + ":" + (port.equals("*") ? "0" : port);
    }

    public static String key(SocketEntry e) {
        String recvQ = e.getState().equals("LISTEN") ? String.valueOf(e.getRecvQ()) : "0";
        return e.getState() + " " + recvQ + " " + e.getLocalAddress() + ":" + e.getLocalPort() + " "
                + e.getPeerAddress() + ":" + e.getPeerPort();
    }

    public static String withoutQueue(String key) {
        String[] f = key.split(" ");
        return f[0] + " " + f[2] + " " + f[3];
    }

    /** The ss keys that have a ListSockets key with the same state and endpoints (queues may drift). */
    public static Set<String> matching(Set<String> ssKeys, Set<String> ours) {
        Set<String> oursNoQ = new HashSet<>();
        ours.forEach(k -> oursNoQ.add(withoutQueue(k)));
        Set<String> out = new HashSet<>();
        for (String k : ssKeys) {
            if (oursNoQ.contains(withoutQueue(k))) {
                out.add(k);
            }
        }
        return out;
    }

    public static boolean touches(String key, Set<Integer> ports) {
        String[] f = key.split(" ");
        return ports.contains(port(f[2])) || ports.contains(port(f[3]));
    }

    private static int port(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }
}
