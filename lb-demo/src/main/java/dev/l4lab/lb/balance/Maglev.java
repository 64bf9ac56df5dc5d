package dev.l4lab.lb.balance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maglev consistent hashing of the request key; the table is rebuilt when the candidate set changes. */
final class Maglev implements Balancer {

    private static final int CACHED_TABLES = 4;

    private final int size;
    private final Map<String, MaglevTable> tables = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, MaglevTable> eldest) {
            return size() > CACHED_TABLES;
        }
    };

    Maglev() {
        this(MaglevTable.DEFAULT_SIZE);
    }

    Maglev(int size) {
        this.size = size;
    }

    @Override
    public <T extends Candidate> T pick(List<T> candidates, String key) {
        String owner = table(candidates).lookup(key);
        for (T b : candidates) {
            if (b.name().equals(owner)) {
                return b;
            }
        }
        return candidates.get(0);
    }

    private synchronized MaglevTable table(List<? extends Candidate> candidates) {
        StringBuilder sig = new StringBuilder();
        candidates.stream().map(b -> b.name() + "@" + b.weight()).sorted().forEach(s -> sig.append(s).append(','));
        return tables.computeIfAbsent(sig.toString(), s -> new MaglevTable(
                candidates.stream().map(b -> new MaglevTable.Entry(b.name(), b.weight())).toList(), size));
    }
}
