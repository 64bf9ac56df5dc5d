package dev.l4lab.gateway.impair;

import dev.l4lab.gateway.net.EnumNames;
import java.util.Locale;

/** Which way through the gateway: INBOUND from outside toward the lab, OUTBOUND from the lab back out. */
public enum Direction {
    INBOUND, OUTBOUND, BOTH;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Direction parse(String text) {
        return EnumNames.parse(values(), text);
    }
}
