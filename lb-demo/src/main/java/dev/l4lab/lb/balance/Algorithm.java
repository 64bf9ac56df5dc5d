package dev.l4lab.lb.balance;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The balancing algorithms by their config/API name. */
public enum Algorithm {
    ROUND_ROBIN("round-robin", RoundRobin::new),
    WEIGHTED_ROUND_ROBIN("weighted-round-robin", SmoothWeightedRoundRobin::new),
    LEAST_CONNECTIONS("least-connections", LeastConnections::new),
    RANDOM_TWO_CHOICES("random-two-choices", RandomTwoChoices::new),
    SOURCE_HASH("source-hash", SourceHash::new),
    MAGLEV("maglev", Maglev::new);

    private final String id;
    private final Supplier<Balancer> factory;

    Algorithm(String id, Supplier<Balancer> factory) {
        this.id = id;
        this.factory = factory;
    }

    public String id() {
        return id;
    }

    public Balancer create() {
        return factory.get();
    }

    public static Optional<Algorithm> byId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
    }

    public static String expected() {
        return Arrays.stream(values()).map(Algorithm::id).collect(Collectors.joining(", "));
    }
}
