package dev.l4lab.gateway.config;

import dev.l4lab.gateway.firewall.Action;
import dev.l4lab.gateway.nat.PortAllocation;
import dev.l4lab.gateway.net.Protocol;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * gateway configuration (prefix "gateway"). Checked at start-up by {@link GatewayConfigValidator}; every key
 * is listed with its default in gateway/README.md. The lab's rules and mappings are in application.properties.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    Kernel kernel();

    Interfaces interfaces();

    Firewall firewall();

    Nat nat();

    Conntrack conntrack();

    Impairment impairment();

    Capture capture();

    Auth auth();

    Metrics metrics();

    interface Kernel {
        /**
         * Run every kernel tool in this named network namespace ("ip netns exec NAME"): for tests and
         * development on a host. Unset: the process's own namespace, which must not be the host's initial one.
         */
        Optional<String> netns();

        /** nftables table that holds everything the gateway configures (family ip). */
        @WithDefault("l4lab")
        String table();

        /** Threads that run kernel tools (nft, conntrack, sysctl, tc); never the event loop. */
        @WithDefault("4")
        int workerThreads();

        /** Kernel operations waiting for a thread; beyond it a request gets 429. */
        @WithDefault("32")
        int queueSize();

        /** A tool that runs longer than this is killed and its operation fails. */
        @WithDefault("10s")
        Duration commandTimeout();

        /** Bytes read from one tool's standard output (JSON rule set, sysctl values); more is cut off. */
        @WithDefault("2097152")
        int maxOutputBytes();
    }

    interface Interfaces {
        /** The outside network: the interface with an address in it is the gateway's outside side. */
        @WithDefault("172.29.0.0/16")
        String outsideCidr();

        /** The lab network: the admin API is served here, mapped ports lead here. */
        @WithDefault("172.28.0.0/16")
        String labCidr();
    }

    interface Firewall {
        /** What happens to a new connection from outside that no rule matches. */
        @WithDefault("drop")
        Action defaultAction();

        /** The ordered rules applied at start (first match wins). */
        Optional<List<Rule>> rules();

        /** Upper bound on rules in the set (PUT and POST). */
        @WithDefault("200")
        int maxRules();
    }

    interface Rule {
        Protocol protocol();

        /** "80" or "1000-2000"; absent: every port (always absent for icmp). */
        Optional<String> port();

        @WithDefault("0.0.0.0/0")
        String source();

        Action action();

        Optional<String> description();
    }

    interface Nat {
        /** Port mappings on the outside address (DNAT), applied at start. */
        Optional<List<Mapping>> mappings();

        /** MASQUERADE's choice of source port on the lab side. */
        @WithDefault("random")
        PortAllocation portAllocation();
    }

    interface Mapping {
        /** What the mapping stands for ("web", "ssh", "dns"). */
        String name();

        Protocol protocol();

        /** The port on the gateway's outside address. */
        int port();

        /** host:port on the lab network; the host name is resolved once at start. */
        String to();
    }

    interface Conntrack {
        @WithDefault("auto")
        TimeoutMechanism timeoutMechanism();

        /** TCP established timeout in seconds; absent: leave the kernel's (432000 s, five days). */
        Optional<Integer> tcpEstablishedTimeout();

        /** UDP timeout in seconds (a flow that has not been a stream yet); absent: the kernel's (30 s). */
        Optional<Integer> udpTimeout();

        /** UDP stream timeout in seconds (replies kept coming for 2 s); absent: the kernel's (120 s). */
        Optional<Integer> udpStreamTimeout();

        /** nf_conntrack_tcp_loose=0: a TCP packet that is not a SYN never creates a conntrack entry. */
        @WithDefault("true")
        boolean strictTracking();

        /** nf_conntrack_acct=1: per-flow packet and byte counters. */
        @WithDefault("true")
        boolean accounting();

        /** Entries in one GET /conntrack answer when the request names no limit. */
        @WithDefault("200")
        int defaultLimit();

        /** Upper bound on ?limit= for GET /conntrack. */
        @WithDefault("2000")
        int maxLimit();
    }

    interface Impairment {
        /** Upper bound on loss rules in one PUT /impairment. */
        @WithDefault("8")
        int maxLossRules();
    }

    interface Capture {
        /** Captures running at once (each holds a tcpdump and one capture thread). */
        @WithDefault("2")
        int maxConcurrent();

        /** Upper bound on ?count=. */
        @WithDefault("1000")
        int maxPackets();

        /** Upper bound on ?seconds=. */
        @WithDefault("60")
        int maxSeconds();

        /** Bytes kept of each packet when the request names no snaplen. */
        @WithDefault("256")
        int defaultSnaplen();

        /** Upper bound on ?snaplen=. */
        @WithDefault("1600")
        int maxSnaplen();

        /** Upper bound on the length of a BPF filter. */
        @WithDefault("256")
        int maxFilterLength();
    }

    interface Auth {
        /** When set, every API call needs "Authorization: Bearer <token>" (health and metrics stay open). */
        Optional<String> token();
    }

    interface Metrics {
        /** How often counters and the conntrack count are read from the kernel for /q/metrics. */
        @WithDefault("5s")
        Duration refreshInterval();
    }
}
