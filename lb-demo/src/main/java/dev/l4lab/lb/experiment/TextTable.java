package dev.l4lab.lb.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The experiment result as a plain-text table for terminals (?format=text, ./lab l4-vs-l7). */
final class TextTable {

    private TextTable() {
    }

    static String render(ExperimentResult r) {
        boolean h2c = Protocol.H2C.wire().equals(r.protocol());
        String unit = h2c ? "streams" : "requests";
        StringBuilder b = new StringBuilder();
        if (h2c) {
            b.append(String.format(Locale.ROOT, "L4 vs L7 over HTTP/2 (h2c, prior knowledge): %d streams per path over "
                    + "%d connection(s) (%d ms%s)%n%n", r.requests(), r.concurrency(), r.durationMs(),
                    r.partial() ? ", PARTIAL: stopped at the time cap" : ""));
        } else {
            b.append(String.format(Locale.ROOT, "L4 vs L7: %d requests per path, %d concurrent connections, keep-alive "
                    + "%s%s (%d ms%s)%n%n", r.requests(), r.concurrency(), r.keepAlive() ? "on" : "off",
                    r.proxyProtocol() ? ", PROXY protocol path included" : "", r.durationMs(),
                    r.partial() ? ", PARTIAL: stopped at the time cap" : ""));
        }
        List<PathResult> paths = r.paths();
        List<String[]> rows = new ArrayList<>();
        rows.add(row("", paths, p -> p.path() + " (" + p.frontend() + " " + p.target() + ")"));
        rows.add(row(unit + " ok / failed", paths, p -> p.completed() + " / " + p.failed()));
        rows.add(row(h2c ? "HTTP/2 connections" : "client connections", paths, p -> String.valueOf(p.connections())));
        rows.add(row("backends per connection", paths, p -> String.format(Locale.ROOT, "%.2f (min %d, max %d)",
                p.backendsPerConnection().mean(), p.backendsPerConnection().min(), p.backendsPerConnection().max())));
        TreeSet<String> instances = new TreeSet<>();
        paths.forEach(p -> instances.addAll(p.distribution().keySet()));
        for (String instance : instances) {
            rows.add(row(unit + " on " + instance, paths, p -> String.valueOf(p.distribution().getOrDefault(instance, 0))));
        }
        if (!h2c) {
            rows.add(row("client address seen", paths, p -> keys(p.clientAddressSeen()) + " (" + p.clientAddressSource()
                    + ")"));
            rows.add(row("real client", paths, p -> keys(p.realClient())));
            rows.add(row("backend saw the client?", paths, p -> p.sawRealClient() ? "yes" : "NO"));
        }
        rows.add(row("latency p50 / p99 ms", paths, p -> String.format(Locale.ROOT, "%.2f / %.2f",
                p.latencyMs().p50(), p.latencyMs().p99())));
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format("%-" + (width[i] + 3) + "s", row[i]));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        b.append("\nLessons:\n");
        r.lessons().forEach(l -> b.append(" - ").append(l).append('\n'));
        return b.toString();
    }

    private static String[] row(String label, List<PathResult> paths, Function<PathResult, String> cell) {
        String[] row = new String[paths.size() + 1];
        row[0] = label;
        for (int i = 0; i < paths.size(); i++) {
            row[i + 1] = cell.apply(paths.get(i));
        }
        return row;
    }

    private static String keys(Map<String, Integer> m) {
        return m.isEmpty() ? "-" : m.keySet().stream().collect(Collectors.joining(", "));
    }
}
