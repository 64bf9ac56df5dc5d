package dev.l4lab.lb.config;

import dev.l4lab.lb.balance.Algorithm;
import dev.l4lab.lb.frontend.Protocol;
import dev.l4lab.lb.pool.BackendSpec;
import dev.l4lab.lb.pool.HealthPolicy;
import dev.l4lab.lb.pool.ProxyProtocolMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Every lb-demo setting ("lb." prefix); lb-demo/README.md documents each key and its default. Single values are
 * typed and range-checked here (a bad value fails start-up naming the key); checks across keys are in
 * {@link ConfigValidator} and the resource budget in {@code dev.l4lab.lb.limits.ResourcePlan}.
 */
@ConfigMapping(prefix = "lb")
public interface LbConfig {

    /** Listeners by name. */
    Map<String, Frontend> frontends();

    /** Backend pools by name. */
    Map<String, Pool> pools();

    /** Event loops per TCP and L7 frontend (all watch the frontend's one listening socket); 0 = one per CPU core. */
    @WithDefault("0")
    @Min(0)
    @Max(256)
    int eventLoops();

    /** POST /experiments/l4-vs-l7: which frontends it drives. */
    Experiment experiment();

    /** The admin API's optional bearer token. */
    Auth auth();

    /** Which backend addresses the configuration and the admin API may name. */
    BackendPolicy backendPolicy();

    interface Auth {
        /** When set, every admin API call needs "Authorization: Bearer <token>"; health, metrics and the page stay open. */
        Optional<@Size(min = 8, max = 512) String> token();
    }

    interface BackendPolicy {
        /** Allow 169.254.0.0/16 and fe80::/10 backends (cloud metadata lives there). */
        @WithDefault("false")
        boolean allowLinkLocal();

        /** Allow a backend that is one of lb-demo's own listeners (a client connection would loop through it). */
        @WithDefault("false")
        boolean allowSelf();
    }

    interface Experiment {
        /** Host the LB calls itself on (empty: the frontend's bind address, 127.0.0.1 for a wildcard bind). */
        Optional<String> host();

        /** The L4 TCP frontend to the HTTP backends. */
        @WithDefault("echo-http")
        String l4Frontend();

        /** The L7 HTTP frontend. */
        @WithDefault("echo-l7")
        String l7Frontend();

        /** The L4 TCP frontend that sends PROXY protocol to echo's whoami-behind-PROXY port. */
        @WithDefault("echo-http-proxied")
        String proxyFrontend();

        /** The whole run stops here and reports what it has, flagged partial. */
        @WithDefault("30S")
        @DurationMin(millis = 100)
        @DurationMax(minutes = 10)
        Duration maxDuration();
    }

    interface Frontend {
        @WithDefault("tcp")
        Protocol protocol();

        /** Listen address: an IP literal or a host name. */
        @WithDefault("0.0.0.0")
        @Pattern(regexp = "[A-Za-z0-9._:\\-]{1,253}")
        String bind();

        /** 0: an ephemeral port (tests); GET /frontends shows the bound one. */
        @Min(0)
        @Max(65535)
        int port();

        String pool();

        /**
         * TCP and L7: concurrent client connections. Unset: derived at start-up from the descriptor limit and the
         * memory (see the README's resource arithmetic); set: checked against them.
         */
        OptionalInt maxConnections();

        @WithDefault("2S")
        @DurationMin(millis = 1)
        @DurationMax(minutes = 10)
        Duration connectTimeout();

        /** Extra connect attempts after the first one, each on a different backend (retries + redispatch). */
        @WithDefault("3")
        @Min(0)
        @Max(100)
        int retries();

        /** Inactivity timeout while both directions are open (HAProxy timeout client/server). */
        @WithDefault("5M")
        @DurationMin(millis = 1)
        Duration idleTimeout();

        /** Inactivity timeout once the server has finished and the FIN was passed to the client. */
        @WithDefault("30S")
        @DurationMin(millis = 1)
        Duration clientFinTimeout();

        /** Inactivity timeout once the client has finished and the FIN was passed to the server. */
        @WithDefault("30S")
        @DurationMin(millis = 1)
        Duration serverFinTimeout();

        Udp udp();

        /** http only: the backend may stay silent this long before the request fails with 504. */
        @WithDefault("30S")
        @DurationMin(millis = 1)
        Duration requestTimeout();

        /** http only: a request's header block must be complete this long after it started (HAProxy timeout http-request). */
        @WithDefault("10S")
        @DurationMin(millis = 1)
        @DurationMax(minutes = 10)
        Duration requestHeaderTimeout();

        /** http only: a cookie naming the backend that served the client (stickiness); unset = off. */
        Optional<@Pattern(regexp = "[A-Za-z0-9_.\\-]{1,64}") String> stickyCookie();
    }

    interface Udp {
        @WithDefault("30S")
        @DurationMin(millis = 1)
        Duration sessionTimeout();

        /** Session table bound. Unset: derived at start-up from the descriptor limit and the memory. */
        OptionalInt maxSessions();

        /** New sessions per second; datagrams from new clients beyond it are dropped, existing sessions go on. */
        @WithDefault("1000")
        @Min(1)
        @Max(1_000_000)
        int newSessionsPerSecond();

        /** Balance every datagram independently instead of pinning a session to one backend. */
        @WithDefault("false")
        boolean perPacket();
    }

    interface Pool {
        @WithDefault("round-robin")
        Algorithm algorithm();

        /** host:port or host:port@weight, comma separated. */
        @WithConverter(BackendSpecConverter.class)
        @Size(min = 1, max = dev.l4lab.lb.pool.Pool.MAX_BACKENDS)
        List<BackendSpec> backends();

        @WithDefault("none")
        ProxyProtocolMode proxyProtocol();

        /** Concurrent connections per backend (HAProxy server maxconn); 0 = unlimited. */
        @WithDefault("0")
        @Min(0)
        @Max(1_000_000)
        int maxConnectionsPerBackend();

        Health health();
    }

    interface Health {
        @WithDefault("tcp")
        HealthPolicy.CheckType type();

        @WithDefault("2S")
        @DurationMin(millis = 10)
        @DurationMax(minutes = 10)
        Duration interval();

        @WithDefault("1S")
        @DurationMin(millis = 1)
        @DurationMax(minutes = 10)
        Duration timeout();

        @WithDefault("2")
        @Min(1)
        @Max(100)
        int rise();

        @WithDefault("3")
        @Min(1)
        @Max(100)
        int fall();

        /** Port to check instead of the backend's port (0 = the backend's port). */
        @WithDefault("0")
        @Min(0)
        @Max(65535)
        int port();

        /** Payload to send (TCP: optional; UDP: default "l4lab-health"). */
        Optional<@Size(max = 1024) String> send();

        /** The reply must contain this text (within the first 4 KiB). */
        Optional<@Size(min = 1, max = 1024) String> expect();

        /** Consecutive failed connects that mark a backend DOWN (0 = off). */
        @WithDefault("3")
        @Min(0)
        @Max(100)
        int passiveFall();
    }
}
