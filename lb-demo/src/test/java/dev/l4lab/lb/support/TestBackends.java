package dev.l4lab.lb.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Starts real backends on 127.0.0.1 (ephemeral ports) before Quarkus, and points the configured pools
 * at them: three TCP named-echo servers for "echo" and "echo-http", the first one alone for
 * "echo-http-proxied", three UDP echoes for "echo-udp", and the same three by the name localhost for
 * "echo-udp-by-name".
 */
public class TestBackends implements QuarkusTestResourceLifecycleManager {

    private final List<AutoCloseable> started = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        try {
            List<NamedEchoServer> tcp = new ArrayList<>();
            List<UdpNamedEcho> udp = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tcp.add(new NamedEchoServer());
                udp.add(new UdpNamedEcho());
            }
            started.addAll(tcp);
            started.addAll(udp);
            String tcpList = tcp.stream().map(NamedEchoServer::name).collect(Collectors.joining(","));
            return Map.of(
                    "lb.pools.echo.backends", tcpList,
                    "lb.pools.echo-http.backends", tcpList,
                    "lb.pools.echo-http-proxied.backends", tcp.get(0).name(),
                    "lb.pools.echo-udp.backends", udp.stream().map(UdpNamedEcho::name).collect(Collectors.joining(",")),
                    "lb.pools.echo-udp-by-name.backends", udp.stream().map(u -> u.name().replace("127.0.0.1", "localhost"))
                            .collect(Collectors.joining(",")));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start test backends", e);
        }
    }

    @Override
    public void stop() {
        for (AutoCloseable c : started) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort
            }
        }
    }
}
