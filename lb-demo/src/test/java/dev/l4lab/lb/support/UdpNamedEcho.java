package dev.l4lab.lb.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A real UDP backend on 127.0.0.1: replies "127.0.0.1:port|payload" from its own port. */
public final class UdpNamedEcho implements AutoCloseable {

    private final DatagramSocket socket;
    private final String name;

    public UdpNamedEcho() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        name = "127.0.0.1:" + socket.getLocalPort();
        Thread t = new Thread(this::loop, "udp-echo-" + name);
        t.setDaemon(true);
        t.start();
    }

    public String name() {
        return name;
    }

    private void loop() {
        byte[] buf = new byte[2048];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                byte[] reply = (name + "|" + new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
