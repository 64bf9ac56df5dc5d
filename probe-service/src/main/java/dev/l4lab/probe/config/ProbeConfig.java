package dev.l4lab.probe.config;

import dev.l4lab.probe.input.Expect;
import dev.l4lab.probe.net.Cidr;
import dev.l4lab.probe.net.HostPattern;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * probe-service configuration (prefix "probe"). Types and ranges are checked when the mapping loads
 * (converters, enums, @Min/@Max): a bad value fails start-up naming its key. What spans several keys is
 * checked by {@link ProbeConfigValidator}.
 */
@ConfigMapping(prefix = "probe")
public interface ProbeConfig {

    Policy policy();

    Auth auth();

    Limits limits();

    Defaults defaults();

    Blackbox blackbox();

    interface Policy {
        /** Targets whose every resolved address is inside one of these CIDRs are allowed. */
        @WithDefault("127.0.0.0/8,::1/128,172.28.0.0/16")
        @WithConverter(CidrConverter.class)
        List<Cidr> allowedCidrs();

        /** Host names (exact, or "*.suffix") allowed whatever they resolve to, except link-local. */
        @WithConverter(HostPatternConverter.class)
        Optional<List<HostPattern>> allowedHosts();
    }

    interface Auth {
        /** When set, every probe call needs "Authorization: Bearer <token>" (gRPC metadata or HTTP header). */
        @WithConverter(BearerTokenConverter.class)
        Optional<BearerToken> token();
    }

    interface Limits {
        /** Probe operations running at once, over all clients (a Scan, Watch or Churn counts as one). */
        @WithDefault("64")
        @Min(1)
        @Max(10_000)
        int maxConcurrent();

        /** Probe operations one client address may run at once (so one client cannot take every slot). */
        @WithDefault("16")
        @Min(1)
        @Max(10_000)
        int maxConcurrentPerClient();

        /** Calls per second per client address (token bucket refill rate). */
        @WithDefault("20")
        @Min(1)
        @Max(100_000)
        int ratePerSecond();

        /** Token bucket size per client address. */
        @WithDefault("40")
        @Min(1)
        @Max(100_000)
        int burst();

        /** Upper bound for ScanRequest.concurrency (sockets one scan keeps in flight). */
        @WithDefault("1024")
        @Min(1)
        @Max(8192)
        int maxScanConcurrency();

        /** Sockets all scans together keep in flight (one file descriptor each). */
        @WithDefault("8192")
        @Min(1)
        @Max(262_144)
        int maxScanSockets();

        /** Upper bound for payload / send sizes in bytes. */
        @WithDefault("4096")
        @Min(1)
        @Max(65_507)
        int maxPayloadBytes();

        /** Upper bound for ChurnRequest.count. */
        @WithDefault("20000")
        @Min(1)
        @Max(20_000)
        int maxChurnConnections();

        /** Upper bound for ChurnRequest.ratePerSecond. */
        @WithDefault("5000")
        @Min(1)
        @Max(50_000)
        int maxChurnRate();

        /** Threads for blocking work (DNS, single UDP probes, /proc reads). */
        @WithDefault("32")
        @Min(1)
        @Max(1024)
        int workerThreads();

        /** Threads that match expect regexes (off the event loop; a match costs program size x bytes). */
        @WithDefault("2")
        @Min(1)
        @Max(64)
        int matchThreads();

        /** Bytes of results one Scan or Watch stream may hold for a client that reads slower than it scans. */
        @WithDefault("65536")
        @Min(4096)
        @Max(16_777_216)
        int streamBufferBytes();

        /** A stream whose client has read nothing for this long is ended (RESOURCE_EXHAUSTED). */
        @WithDefault("30000")
        @Min(100)
        @Max(3_600_000)
        int streamStallTimeoutMs();
    }

    interface Defaults {
        /** Timeout used when a request leaves timeoutMs at 0. */
        @WithDefault("1000")
        @Min(1)
        @Max(60_000)
        int timeoutMs();
    }

    /** GET /probe, the blackbox_exporter's interface. */
    interface Blackbox {
        /** Modules by name, like the blackbox_exporter's "modules:" (probe.blackbox.modules.NAME.*). */
        Map<String, Module> modules();

        /** Subtracted from Prometheus' X-Prometheus-Scrape-Timeout-Seconds, as the exporter's --timeout-offset. */
        @WithDefault("0.5")
        double timeoutOffsetSeconds();
    }

    interface Module {
        /** tcp or udp. */
        Prober prober();

        /** How long the whole probe may take (DNS, connect and every query/response step). */
        @WithDefault("5s")
        @DurationMin(millis = 1)
        @DurationMax(seconds = 60)
        Duration timeout();

        Tcp tcp();

        Udp udp();
    }

    enum Prober {
        TCP,
        UDP
    }

    /** The blackbox_exporter's preferred_ip_protocol. */
    enum IpProtocol {
        IP4,
        IP6
    }

    interface Tcp {
        @WithDefault("ip6")
        IpProtocol preferredIpProtocol();

        @WithDefault("true")
        boolean ipProtocolFallback();

        /** Steps run in order after the connect, as the exporter's query_response. */
        Optional<List<QueryResponse>> queryResponse();
    }

    interface QueryResponse {
        /** Read lines until one matches (RE2 syntax, like the exporter's Go regexp). */
        @WithConverter(ExpectConverter.class)
        Optional<Expect> expect();

        /** Written followed by "\n"; ${1} and ${name} expand groups of the expect match before it. */
        Optional<String> send();
    }

    interface Udp {
        @WithDefault("ip6")
        IpProtocol preferredIpProtocol();

        @WithDefault("true")
        boolean ipProtocolFallback();

        /** The datagram to send (text, ISO-8859-1); empty: "l4\r\n" as UdpProbe. */
        Optional<String> payload();

        /** When set, the reply must match (RE2 syntax). */
        @WithConverter(ExpectConverter.class)
        Optional<Expect> expect();
    }
}
