package dev.l4lab.lb.support;

import java.util.ArrayList;
import java.util.List;

/** Header lines as they crossed the wire ("Name: value"), looked up without normalising them. */
public final class HeaderLines {

    private HeaderLines() {
    }

    /** All values of a header (case-insensitive name), in the order received. */
    public static List<String> values(List<String> lines, String name) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                out.add(line.substring(colon + 1).trim());
            }
        }
        return out;
    }
}
