package dev.l4lab.lb.pool;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * host:port of a backend. The host stays a name so that it is resolved again on every connect. Parsing is strict:
 * a host is an IPv4 literal, an IPv6 literal in brackets, or a DNS name (at most 253 characters, labels of 1-63
 * letters, digits, '-' or '_', not starting or ending with '-'); a port is 1-65535 written in plain digits.
 */
public record BackendAddress(String host, int port) {

    public static final int MAX_HOST_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Pattern NUMERIC = Pattern.compile("[0-9.]+");
    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");

    public static BackendAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty address (expected host:port)");
        }
        if (text.length() > MAX_HOST_LENGTH + 8) {
            throw new IllegalArgumentException("address of " + text.length() + " characters is too long (a host has at most "
                    + MAX_HOST_LENGTH + ")");
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("bad address '" + text + "' (expected host:port)");
        }
        String host = host(text, text.substring(0, colon));
        String portText = text.substring(colon + 1);
        int port = PORT.matcher(portText).matches() ? Integer.parseInt(portText) : -1;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad port '" + portText + "' in '" + text + "' (1-65535)");
        }
        return new BackendAddress(host, port);
    }

    private static String host(String text, String host) {
        if (host.startsWith("[") && host.endsWith("]")) {
            String ip = host.substring(1, host.length() - 1);
            if (!NetUtil.isValidIpV6Address(ip) || ip.contains("%")) {
                throw new IllegalArgumentException("bad IPv6 address '" + ip + "' in '" + text + "'");
            }
            return ip;
        }
        if (host.contains(":")) {
            throw new IllegalArgumentException("bad address '" + text + "' (write IPv6 as [addr]:port)");
        }
        if (NUMERIC.matcher(host).matches()) {
            if (!NetUtil.isValidIpV4Address(host)) {
                throw new IllegalArgumentException("bad IPv4 address '" + host + "' in '" + text + "'");
            }
            return host;
        }
        if (host.length() > MAX_HOST_LENGTH) {
            throw new IllegalArgumentException("host name of " + host.length() + " characters in '" + text
                    + "' (at most " + MAX_HOST_LENGTH + ")");
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("bad host name '" + host + "' in '" + text + "' (DNS labels of 1-63 "
                        + "letters, digits, '-' or '_', not starting or ending with '-')");
            }
        }
        return host;
    }

    /** An IP literal as a resolved address, a name unresolved (the connector resolves it on every connect). */
    public InetSocketAddress socketAddress() {
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
        if (ip != null) {
            try {
                return new InetSocketAddress(InetAddress.getByAddress(ip), port);
            } catch (UnknownHostException impossible) {
                // a 4- or 16-byte array is always accepted
            }
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
