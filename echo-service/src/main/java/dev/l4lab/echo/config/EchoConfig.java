package dev.l4lab.echo.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * All echo-service settings (prefix "echo"). Converters validate ranges, so a bad value fails start-up
 * with SmallRye's message naming the key (e.g. "echo.tcp.port ... out of range 0..65535").
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
        /** Concurrent TCP connections over all TCP listeners; more are accepted and closed at once. */
        @WithDefault("10000")
        @WithConverter(MaxConnectionsConverter.class)
        int maxConnections();

        /** A TCP connection with no traffic either way for this long is closed; 0 disables. */
        @WithDefault("5M")
        @WithConverter(TimeoutConverter.class)
        Duration idleTimeout();

        /** Time allowed to send a complete PROXY header when it is required. */
        @WithDefault("5S")
        @WithConverter(TimeoutConverter.class)
        Duration proxyHeaderTimeout();
    }
}
