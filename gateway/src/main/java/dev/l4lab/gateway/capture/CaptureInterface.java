package dev.l4lab.gateway.capture;

import dev.l4lab.gateway.net.EnumNames;
import java.util.Locale;

/** Which of the gateway's interfaces a capture listens on. */
public enum CaptureInterface {
    OUTSIDE, LAB, BOTH;

    public static CaptureInterface parse(String text) {
        if (text == null || text.isBlank()) {
            return BOTH;
        }
        return EnumNames.parse(values(), text);
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
