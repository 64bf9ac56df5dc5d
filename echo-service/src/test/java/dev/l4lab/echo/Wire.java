package dev.l4lab.echo;

import static io.restassured.RestAssured.given;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** Small blocking-socket helpers for tests; every client talks to loopback only. */
public final class Wire {

    public static final String HOST = "127.0.0.1";

    private Wire() {
    }

    public static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(HOST, port), 2000);
        s.setSoTimeout(10_000);
        return s;
    }

    public static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] out = in.readNBytes(n);
        if (out.length != n) {
            throw new IOException("EOF after " + out.length + " of " + n + " bytes");
        }
        return out;
    }

    public static byte[] readToEof(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    /** The row of GET /connections whose peer is this client socket, or null. */
    public static Map<String, Object> connectionOf(Socket client) {
        List<Map<String, Object>> rows = given().get("/connections").then().statusCode(200)
            .extract().jsonPath().getList("connections");
        for (Map<String, Object> row : rows) {
            @SuppressWarnings("unchecked")
            Map<String, Object> peer = (Map<String, Object>) row.get("peer");
            if (((Number) peer.get("port")).intValue() == client.getLocalPort()) {
                return row;
            }
        }
        return null;
    }

    public static long number(Map<String, Object> row, String field) {
        return ((Number) row.get(field)).longValue();
    }

    /** Polls until the condition holds or the deadline passes; returns whether it held. */
    public static boolean eventually(long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    /**
     * Polls until the value has not changed for {@code quietMs} (sampled every 50 ms) and returns it; fails if
     * it is still changing after {@code timeoutMs}. For "the server stopped reading/writing" checks.
     */
    public static long stable(long timeoutMs, long quietMs, LongSupplier value) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        long last = value.getAsLong();
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(50);
            long now = value.getAsLong();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if ((System.nanoTime() - since) / 1_000_000 >= quietMs) {
                return now;
            }
        }
        throw new AssertionError("still changing after " + timeoutMs + " ms (last " + last + ")");
    }
}
