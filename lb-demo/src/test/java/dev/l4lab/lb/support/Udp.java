package dev.l4lab.lb.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** UDP test clients on 127.0.0.1. */
public final class Udp {

    private Udp() {
    }

    public static DatagramSocket client() throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        s.setSoTimeout(3000); // generous: a reply late under CI load is still a reply
        return s;
    }

    public static void send(DatagramSocket s, int port, String payload) throws IOException {
        byte[] data = payload.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), port));
    }

    /** The next datagram's text, or null when none comes within the socket's timeout. */
    public static String receive(DatagramSocket s) throws IOException {
        DatagramPacket reply = receivePacket(s);
        return reply == null ? null : new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
    }

    private static DatagramPacket receivePacket(DatagramSocket s) throws IOException {
        byte[] buf = new byte[65_535];
        DatagramPacket reply = new DatagramPacket(buf, buf.length);
        try {
            s.receive(reply);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return reply;
    }

    /**
     * Sends one datagram and returns the reply ("backend|payload" from a {@link UdpNamedEcho}), or null; the reply
     * must come from the address it was sent to, as a client expects of a load balancer.
     */
    public static String exchange(DatagramSocket s, int port, String payload) throws IOException {
        send(s, port, payload);
        DatagramPacket reply = receivePacket(s);
        if (reply == null) {
            return null;
        }
        if (reply.getPort() != port) {
            throw new AssertionError("the reply came from port " + reply.getPort() + ", not the frontend's " + port);
        }
        return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
    }

    /** The backend part of a {@link UdpNamedEcho} reply. */
    public static String backendOf(String reply) {
        return reply == null ? null : reply.substring(0, reply.indexOf('|'));
    }
}
