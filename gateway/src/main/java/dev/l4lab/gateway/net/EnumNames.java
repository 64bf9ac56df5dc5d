package dev.l4lab.gateway.net;

/** Client text to enum constants: "tcp", " Reject " and "REJECT" name the same constant. */
public final class EnumNames {

    private EnumNames() {
    }

    /** The constant whose name equals {@code text} ignoring case and surrounding spaces; null when none does. */
    public static <E extends Enum<E>> E parse(E[] values, String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        for (E e : values) {
            if (e.name().equalsIgnoreCase(t)) {
                return e;
            }
        }
        return null;
    }
}
