package dev.l4lab.probe.blackbox;

import dev.l4lab.probe.config.ProbeConfig.IpProtocol;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * The exporter's chooseProtocol: the first resolved address of the preferred family, else (when the
 * fallback is on) the first of the other; probe_ip_protocol is 4 or 6 and probe_ip_addr_hash is FNV-1a
 * (32 bit) over the 4 or 16 address bytes. Every address was already checked by the target policy.
 */
final class IpChoice {

    private IpChoice() {
    }

    /** The address to probe, or null when none fits. */
    static InetAddress choose(List<InetAddress> addresses, IpProtocol preferred, boolean fallback) {
        for (InetAddress a : addresses) {
            if ((a instanceof Inet4Address) == (preferred == IpProtocol.IP4)) {
                return a;
            }
        }
        return fallback && !addresses.isEmpty() ? addresses.get(0) : null;
    }

    static int protocol(InetAddress address) {
        return address instanceof Inet4Address ? 4 : 6;
    }

    /** FNV-1a, 32 bit, as Go's hash/fnv New32a over the address bytes. */
    static long hash(InetAddress address) {
        int h = 0x811C9DC5;
        for (byte b : address.getAddress()) {
            h ^= b & 0xFF;
            h *= 0x01000193;
        }
        return h & 0xFFFF_FFFFL;
    }
}
