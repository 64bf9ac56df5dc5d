package dev.l4lab.echo.config;

/** Byte counts as people read them in messages and logs. */
public final class Bytes {

    public static final int KIB = 1024;
    public static final int MIB = 1024 * 1024;

    private Bytes() {
    }

    public static String text(long bytes) {
        if (bytes >= MIB && bytes % MIB == 0) {
            return bytes / MIB + " MiB";
        }
        if (bytes >= 10L * MIB) {
            return bytes / MIB + " MiB";
        }
        if (bytes >= KIB && bytes % KIB == 0) {
            return bytes / KIB + " KiB";
        }
        if (bytes >= 10L * KIB) {
            return bytes / KIB + " KiB";
        }
        return bytes + " bytes";
    }
}
