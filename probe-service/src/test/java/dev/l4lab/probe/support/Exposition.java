package dev.l4lab.probe.support;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses Prometheus text format into samples keyed by "name{labels}", each with its family's TYPE. */
public final class Exposition {

    /** One sample line. */
    public record Sample(String name, String type, double value) {
    }

    private Exposition() {
    }

    public static Map<String, Sample> parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Sample> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] f = line.split(" ");
                types.put(f[2], f[3]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                String key = line.substring(0, space);
                String name = key.contains("{") ? key.substring(0, key.indexOf('{')) : key;
                samples.put(key, new Sample(name, types.get(name), Double.parseDouble(line.substring(space + 1))));
            }
        }
        return samples;
    }
}
