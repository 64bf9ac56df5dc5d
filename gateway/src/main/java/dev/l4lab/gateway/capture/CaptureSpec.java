package dev.l4lab.gateway.capture;

import dev.l4lab.gateway.api.ApiException;
import dev.l4lab.gateway.config.GatewayConfig;

/** A checked capture request: which interface, a BPF filter (may be empty), and the bounds that end it. */
public record CaptureSpec(CaptureInterface where, String filter, int count, int seconds, int snaplen) {

    /** Checks query parameters against the configured caps; problems are 400s naming the parameter. */
    public static CaptureSpec parse(String where, String filter, Integer count, Integer seconds, Integer snaplen,
                                       GatewayConfig.Capture caps) {
        CaptureInterface w = CaptureInterface.parse(where);
        if (w == null) {
            throw ApiException.badInput("interface", "interface must be one of outside, lab, both, got \"" + clip(where) + "\"");
        }
        String f = filter == null ? "" : filter.trim();
        if (f.length() > caps.maxFilterLength()) {
            throw ApiException.badInput("filter", "filter is longer than " + caps.maxFilterLength() + " characters");
        }
        if (!f.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw ApiException.badInput("filter", "filter must be printable ASCII (a BPF expression such as 'tcp port 80')");
        }
        int c = count == null ? Math.min(100, caps.maxPackets()) : count;
        if (c < 1 || c > caps.maxPackets()) {
            throw ApiException.badInput("count", "count must be between 1 and " + caps.maxPackets() + " packets, got " + c);
        }
        int s = seconds == null ? Math.min(10, caps.maxSeconds()) : seconds;
        if (s < 1 || s > caps.maxSeconds()) {
            throw ApiException.badInput("seconds", "seconds must be between 1 and " + caps.maxSeconds() + ", got " + s);
        }
        int snap = snaplen == null ? caps.defaultSnaplen() : snaplen;
        if (snap < 64 || snap > caps.maxSnaplen()) {
            throw ApiException.badInput("snaplen", "snaplen must be between 64 and " + caps.maxSnaplen() + " bytes, got " + snap);
        }
        return new CaptureSpec(w, f, c, s, snap);
    }

    /** The largest pcap this capture can produce: the global header plus count records of snaplen bytes. */
    public int maxBytes() {
        return PcapReader.GLOBAL_HEADER + count * (PcapReader.RECORD_HEADER + snaplen);
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() > 20 ? s.substring(0, 20) + "..." : s;
    }
}
