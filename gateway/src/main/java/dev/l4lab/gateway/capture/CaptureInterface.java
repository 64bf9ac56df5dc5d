package dev.l4lab.gateway.capture;

import java.util.Locale;

/** Which of the gateway's interfaces a capture listens on. */
public enum CaptureInterface {
    OUTSIDE, LAB, BOTH;

    public static CaptureInterface parse(String text) {
        if (text == null || text.isBlank()) {
            return BOTH;
        }
        for (CaptureInterface c : values()) {
            if (c.name().equalsIgnoreCase(text.trim())) {
                return c;
            }
        }
        return null;
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
