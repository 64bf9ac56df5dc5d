package dev.l4lab.lb.support;

import static io.restassured.RestAssured.given;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Blocking test clients (real sockets) and small admin-API helpers. */
public final class Clients {

    private Clients() {
    }

    public static Socket connect(int port) throws IOException {
        return connect("127.0.0.1", port);
    }

    /** Generous on purpose: CI runs the whole suite on 2 busy cores; only a hang should hit it. */
    public static final int READ_TIMEOUT_MS = 10_000;

    /** Connects from a chosen loopback source address (127.0.0.x) so source-hash sees different clients. */
    public static Socket connect(String sourceIp, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(sourceIp), 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        s.setSoTimeout(READ_TIMEOUT_MS);
        return s;
    }

    /** Reads one line (without \n); null on EOF before any byte. */
    public static String readLine(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return line.toString(StandardCharsets.US_ASCII);
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    /** Reads until EOF (or the socket timeout fails the test). */
    public static String readAll(Socket s) throws IOException {
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }

    /** Which backend greeted us; null when the LB closed the connection first. */
    public static String greeting(int port) throws IOException {
        try (Socket s = connect(port)) {
            return readLine(s);
        }
    }

    /** True when the peer closes (EOF or reset) within the socket timeout. */
    public static boolean closedByPeer(Socket s) throws IOException {
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    public static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out after " + max.toMillis() + " ms waiting for: " + what);
    }

    public static String backendState(String pool, String address) {
        return given().get("/pools/" + pool).then().statusCode(200).extract()
                .path("backends.find { it.address == '" + address + "' }.state");
    }

    public static void setState(String pool, String address, String state) {
        given().contentType("application/json").body("{\"state\":\"" + state + "\"}")
                .put("/pools/" + pool + "/backends/" + address + "/state").then().statusCode(200);
    }

    public static void setAlgorithm(String pool, String algorithm) {
        given().contentType("application/json").body("{\"algorithm\":\"" + algorithm + "\"}")
                .put("/pools/" + pool + "/algorithm").then().statusCode(200);
    }
}
