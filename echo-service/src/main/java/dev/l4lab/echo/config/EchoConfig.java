package dev.l4lab.echo.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * All echo-service settings (prefix "echo"). Enums and converters check every value, so a bad one fails
 * start-up with SmallRye's message naming the key (e.g. "echo.tcp.port ... out of range 0..65535"); what
 * several keys must satisfy together (memory and descriptors) is checked by {@link ResourceBudget}.
 */
@ConfigMapping(prefix = "echo")
public interface EchoConfig {

    /** Name reported by /whoami and the banner; defaults to the hostname. */
    Optional<String> instanceName();

    Tcp tcp();

    Udp udp();

    Discard discard();

    Chargen chargen();

    WhoamiProxy whoamiProxy();

    Banner banner();

    Limits limits();

    Shutdown shutdown();

    Admin admin();

    /** TCP echo (RFC 862). */
    interface Tcp {
        @WithDefault("9000")
        @WithConverter(PortConverter.class)
        int port();

        @WithDefault("off")
        ProxyMode proxyProtocol();
    }

    /** UDP echo (RFC 862). */
    interface Udp {
        @WithDefault("9001")
        @WithConverter(PortConverter.class)
        int port();

        /** Datagrams held for the latency fault, in bytes (payload plus bookkeeping); more are dropped. */
        @WithDefault("4M")
        @WithConverter(UdpBacklogConverter.class)
        int maxDelayedBytes();
    }

    /** Discard (RFC 863). */
    interface Discard {
        @WithDefault("9009")
        @WithConverter(PortConverter.class)
        int port();

        @WithDefault("off")
        ProxyMode proxyProtocol();
    }

    /** Character generator (RFC 864). */
    interface Chargen {
        @WithDefault("9019")
        @WithConverter(PortConverter.class)
        int port();

        @WithDefault("off")
        ProxyMode proxyProtocol();
    }

    /** HTTP whoami that requires a PROXY v1/v2 header (what an LB with send-proxy points at). */
    interface WhoamiProxy {
        @WithDefault("8081")
        @WithConverter(PortConverter.class)
        int port();
    }

    /** A line naming the instance, sent on connect to the TCP echo port. Off: it breaks pure echo. */
    interface Banner {
        @WithDefault("false")
        boolean enabled();
    }

    interface Limits {
        /**
         * Concurrent TCP connections over all TCP listeners and the PROXY whoami port; more are accepted and
         * closed at once. Unset: derived from the heap and the open-files limit (see ResourceBudget).
         */
        @WithConverter(MaxConnectionsConverter.class)
        Optional<Integer> maxConnections();

        /**
         * Bytes one TCP connection may hold in the service: reading stops while the write queue and the
         * latency hold reach half of it, and one read takes at most the other half. A PROXY v2 header may use
         * all of it (at most 16 KiB). The
         * default is HAProxy's per connection (two 16 KiB buffers); smaller buffers mean more connections in
         * the same heap but more, smaller reads.
         */
        @WithDefault("32K")
        @WithConverter(ConnectionBufferConverter.class)
        int connectionBuffer();

        /** A TCP connection with no traffic either way for this long is closed; 0 disables. */
        @WithDefault("5M")
        @WithConverter(TimeoutConverter.class)
        Duration idleTimeout();

        /** Time allowed to send a complete PROXY header when it is required; above 0. */
        @WithDefault("5S")
        @WithConverter(HeaderTimeoutConverter.class)
        Duration proxyHeaderTimeout();
    }

    interface Shutdown {
        /**
         * On SIGTERM, how long open connections may take to finish echoing what they were sent before they
         * are closed. Keep it below the orchestrator's grace period (compose stop_grace_period: 5 s).
         */
        @WithDefault("3S")
        @WithConverter(DrainTimeoutConverter.class)
        Duration drainTimeout();
    }

    interface Admin {
        /**
         * When set, requests that change state (PUT/DELETE /faults) need "Authorization: Bearer &lt;token&gt;";
         * reads, health and metrics stay open. At least 8 characters.
         */
        @WithConverter(TokenConverter.class)
        Optional<String> token();
    }
}
