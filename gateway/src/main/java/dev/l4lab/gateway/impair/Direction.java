package dev.l4lab.gateway.impair;

import java.util.Locale;

/** Which way through the gateway: INBOUND from outside toward the lab, OUTBOUND from the lab back out. */
public enum Direction {
    INBOUND, OUTBOUND, BOTH;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Direction parse(String text) {
        if (text == null) {
            return null;
        }
        for (Direction d : values()) {
            if (d.name().equalsIgnoreCase(text.trim())) {
                return d;
            }
        }
        return null;
    }
}
