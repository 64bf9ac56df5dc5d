package dev.l4lab.lb.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A real UDP echo on 127.0.0.1 that answers every datagram with exactly its bytes, up to the largest UDP payload. */
public final class UdpExactEcho implements AutoCloseable {

    private final DatagramSocket socket;

    public UdpExactEcho() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setReceiveBufferSize(1 << 20);
        socket.setSendBufferSize(1 << 20);
        Thread t = new Thread(this::loop, "udp-exact-echo-" + socket.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    public String name() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    private void loop() {
        byte[] buf = new byte[65_535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                socket.send(new DatagramPacket(p.getData(), 0, p.getLength(), p.getSocketAddress()));
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
