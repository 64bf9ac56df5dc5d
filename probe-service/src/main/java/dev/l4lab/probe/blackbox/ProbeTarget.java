package dev.l4lab.probe.blackbox;

import dev.l4lab.probe.error.ProbeException;
import dev.l4lab.probe.net.HostSyntax;

/** The exporter's target parameter for tcp and udp modules: HOST:PORT, IPv6 in brackets ([::1]:9000). */
record ProbeTarget(String host, int port, String text) {

    static ProbeTarget parse(String text) {
        if (text == null || text.isEmpty()) {
            throw ProbeException.invalid("target", "is required (HOST:PORT, e.g. echo-1:9000 or [::1]:9000)");
        }
        if (text.length() > 300) {
            throw ProbeException.invalid("target", "is longer than 300 characters");
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || (text.indexOf(':') != colon && !text.startsWith("["))) {
            throw ProbeException.invalid("target", "'" + text + "' is not HOST:PORT (missing port, or an IPv6 address "
                    + "without brackets)");
        }
        String portText = text.substring(colon + 1);
        String hostText = text.substring(0, colon);
        if (!portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
            throw ProbeException.invalid("target", "'" + portText + "' is not a port 1-65535");
        }
        if (hostText.startsWith("[") != hostText.endsWith("]")) {
            throw ProbeException.invalid("target", "'" + hostText + "' has unbalanced brackets");
        }
        String host = HostSyntax.normalize(hostText);
        if (host == null || (hostText.startsWith("[") && !host.contains(":"))) {
            throw ProbeException.invalid("target", "'" + hostText + "' is not a host name, IPv4 address or [IPv6] address");
        }
        return new ProbeTarget(host, Integer.parseInt(portText), text);
    }
}
