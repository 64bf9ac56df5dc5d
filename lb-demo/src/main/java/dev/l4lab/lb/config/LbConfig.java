package dev.l4lab.lb.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** All lb-demo settings ("lb." prefix). Defaults are documented in lb-demo/README.md. */
@ConfigMapping(prefix = "lb")
public interface LbConfig {

    /** Listeners by name. */
    Map<String, Frontend> frontends();

    /** Backend pools by name. */
    Map<String, Pool> pools();

    /** Event loops (NetServer instances) per TCP frontend; 0 = one per CPU core. */
    @WithDefault("0")
    int eventLoops();

    /** POST /experiments/l4-vs-l7: which frontends it drives. */
    Experiment experiment();

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
        Duration maxDuration();
    }

    interface Frontend {
        /** tcp, udp or http (L7). */
        @WithDefault("tcp")
        String protocol();

        @WithDefault("0.0.0.0")
        String bind();

        int port();

        String pool();

        /** Concurrent client connections; at the limit new connections are accepted and closed at once. */
        @WithDefault("10000")
        int maxConnections();

        @WithDefault("2S")
        Duration connectTimeout();

        /** Extra connect attempts after the first one, each on a different backend (retries + redispatch). */
        @WithDefault("3")
        int retries();

        /** Inactivity timeout while both directions are open (HAProxy timeout client/server). */
        @WithDefault("5M")
        Duration idleTimeout();

        /** Inactivity timeout once the server has finished and the FIN was passed to the client. */
        @WithDefault("30S")
        Duration clientFinTimeout();

        /** Inactivity timeout once the client has finished and the FIN was passed to the server. */
        @WithDefault("30S")
        Duration serverFinTimeout();

        Udp udp();

        /** http only: the backend may stay silent this long before the request fails with 504. */
        @WithDefault("30S")
        Duration requestTimeout();

        /** http only: a cookie naming the backend that served the client (stickiness); unset = off. */
        Optional<String> stickyCookie();
    }

    interface Udp {
        @WithDefault("30S")
        Duration sessionTimeout();

        /** Session table bound; when full, datagrams from new clients are dropped (and counted). */
        @WithDefault("10000")
        int maxSessions();

        /** Balance every datagram independently instead of pinning a session to one backend. */
        @WithDefault("false")
        boolean perPacket();
    }

    interface Pool {
        @WithDefault("round-robin")
        String algorithm();

        /** host:port or host:port@weight, comma separated. */
        Optional<List<String>> backends();

        /** none, v1 or v2 (send-proxy / send-proxy-v2). */
        @WithDefault("none")
        String proxyProtocol();

        /** Concurrent connections per backend (HAProxy server maxconn); 0 = unlimited. */
        @WithDefault("0")
        int maxConnectionsPerBackend();

        Health health();
    }

    interface Health {
        /** tcp, udp or none. */
        @WithDefault("tcp")
        String type();

        @WithDefault("2S")
        Duration interval();

        @WithDefault("1S")
        Duration timeout();

        @WithDefault("2")
        int rise();

        @WithDefault("3")
        int fall();

        /** Port to check instead of the backend's port (0 = the backend's port). */
        @WithDefault("0")
        int port();

        /** Payload to send (TCP: optional; UDP: default "l4lab-health"). */
        Optional<String> send();

        /** Reply must contain this text. */
        Optional<String> expect();

        /** Consecutive failed connects that mark a backend DOWN (0 = off). */
        @WithDefault("3")
        int passiveFall();
    }
}
