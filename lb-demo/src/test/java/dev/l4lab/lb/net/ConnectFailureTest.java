package dev.l4lab.lb.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.UnansweredPort;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Classification from real exceptions: JDK and Netty connects on loopback, and the kernel's errno texts. */
class ConnectFailureTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    @Test
    void theWordsAreProbeServicesWords() throws IOException {
        // probe-service's list (its FailureReason), less "regex", which only an answer can fail
        Path probeWords = Path.of("..", "probe-service", "src", "main", "java", "dev", "l4lab", "probe", "net",
                "FailureReason.java");
        Matcher m = Pattern.compile("[A-Z_]+\\(\"([a-z-]+)\"\\)").matcher(Files.readString(probeWords));
        List<String> probe = m.results().map(r -> r.group(1)).filter(w -> !w.equals("regex")).toList();
        List<String> lb = Arrays.stream(ConnectFailure.values()).map(ConnectFailure::word).toList();
        assertEquals(List.of("refused", "timeout", "reset", "unreachable", "dns", "local-limit", "no-ephemeral-port",
                "other"), lb);
        assertEquals(probe, lb);
    }

    @Test
    void aJdkConnectToAClosedLoopbackPortIsRefused() throws IOException {
        int port = closedPort();
        IOException e = assertThrows(IOException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LOOPBACK, port), 2000);
            }
        });
        assertEquals(ConnectFailure.REFUSED, ConnectFailure.classify(e), e.toString());
        assertEquals("connect refused: " + e.getMessage(), ConnectFailure.summary(e));
    }

    @Test
    void aNettyConnectToAClosedLoopbackPortIsRefusedAndTheTextLosesThePeer() throws Exception {
        Throwable cause = nettyConnect(closedPort(), 2000);
        assertEquals(ConnectFailure.REFUSED, ConnectFailure.classify(cause), cause.toString());
        assertTrue(cause.getMessage().contains("/127.0.0.1:"), "Netty names the peer: " + cause.getMessage());
        assertEquals("Connection refused", ConnectFailure.describe(cause));
    }

    @Test
    void connectsToAnUnansweredPortTimeOut() throws Exception {
        try (UnansweredPort silent = new UnansweredPort()) {
            IOException jdk = assertThrows(IOException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(LOOPBACK, silent.port()), 300);
                }
            });
            assertEquals(ConnectFailure.TIMEOUT, ConnectFailure.classify(jdk), jdk.toString());
            Throwable netty = nettyConnect(silent.port(), 300);
            assertEquals(ConnectFailure.TIMEOUT, ConnectFailure.classify(netty), netty.toString());
            assertTrue(ConnectFailure.summary(netty).startsWith("connect timeout: connection timed out"),
                    ConnectFailure.summary(netty));
        }
    }

    @Test
    void errnoTextsDecideOverExceptionTypes() {
        // the JDK reports EADDRNOTAVAIL on connect as a NoRouteToHostException: port exhaustion, not routing
        assertEquals(ConnectFailure.NO_EPHEMERAL_PORT,
                ConnectFailure.classify(new NoRouteToHostException("Cannot assign requested address")));
        assertEquals(ConnectFailure.NO_EPHEMERAL_PORT, ConnectFailure.classify(
                new SocketException("connect(..) failed: Cannot assign requested address: /10.1.2.3:80")));
        assertEquals(ConnectFailure.UNREACHABLE, ConnectFailure.classify(new NoRouteToHostException("No route to host")));
        assertEquals(ConnectFailure.UNREACHABLE, ConnectFailure.classify(
                new SocketException("finishConnect(..) failed: Network is unreachable")));
        assertEquals(ConnectFailure.RESET, ConnectFailure.classify(new SocketException("Connection reset by peer")));
        assertEquals(ConnectFailure.DNS, ConnectFailure.classify(new UnknownHostException("echo-9: Name or service not known")));
        // Vert.x's HTTP client: its connect timeout is a TimeoutException
        assertEquals(ConnectFailure.TIMEOUT, ConnectFailure.classify(new TimeoutException(
                "The timeout of 300 ms has been exceeded when getting a connection to 127.0.0.1:9000")));
        assertEquals(ConnectFailure.OTHER, ConnectFailure.classify(new IllegalStateException("something else")));
    }

    @Test
    void outOfDescriptorsIsALocalLimitThroughNettysWrapping() {
        // what socket(2) failing with EMFILE looks like from Netty's NIO and native transports
        ChannelException nio = new ChannelException("Failed to open a socket.", new SocketException("Too many open files"));
        assertEquals(ConnectFailure.LOCAL_LIMIT, ConnectFailure.classify(nio));
        ChannelException epoll = new ChannelException(new IOException("newSocketStream(..) failed: Too many open files"));
        assertEquals(ConnectFailure.LOCAL_LIMIT, ConnectFailure.classify(epoll));
        assertEquals("connect local-limit: Failed to open a socket.", ConnectFailure.summary(nio));
    }

    @Test
    void describeDropsNettysPeerAnnotationOnly() {
        assertEquals("finishConnect(..) failed with error(-111): Connection refused", ConnectFailure.describe(
                new SocketException("finishConnect(..) failed with error(-111): Connection refused: echo-3/172.28.0.13:9000")));
        assertEquals("Connection refused", ConnectFailure.describe(new SocketException("Connection refused: /[::1]:9000")));
        assertEquals("no port: here", ConnectFailure.describe(new SocketException("no port: here")));
        assertEquals("SocketException", ConnectFailure.describe(new SocketException()));
    }

    private static Throwable nettyConnect(int port, int timeoutMs) throws InterruptedException {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            ChannelFuture f = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMs)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(new InetSocketAddress(LOOPBACK, port));
            assertTrue(f.await(timeoutMs + 10_000L), "the connect ends");
            assertFalse(f.isSuccess(), "the connect fails");
            return f.cause();
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10_000);
        }
    }
}
