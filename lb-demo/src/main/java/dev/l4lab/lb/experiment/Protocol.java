package dev.l4lab.lb.experiment;

import dev.l4lab.lb.rest.ApiException;
import java.util.Locale;

/** What the experiment's client speaks to both frontends. */
public enum Protocol {
    /** HTTP/1.1: one request at a time per connection, keep-alive or not. */
    HTTP1("http1"),
    /** HTTP/2 with prior knowledge (h2c): many streams over few long-lived connections. */
    H2C("h2c");

    private final String wire;

    Protocol(String wire) {
        this.wire = wire;
    }

    /** The name in the API ("http1", "h2c"). */
    public String wire() {
        return wire;
    }

    static Protocol parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (Protocol p : values()) {
            if (p.wire.equals(v)) {
                return p;
            }
        }
        throw ApiException.badRequest("protocol", "protocol must be http1 or h2c, got '" + value + "'");
    }
}
