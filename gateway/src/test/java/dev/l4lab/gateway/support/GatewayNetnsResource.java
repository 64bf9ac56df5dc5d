package dev.l4lab.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Makes a {@link NetnsLab} before the gateway starts, starts the test servers in the server namespace, and
 * points the gateway at the lab's gateway namespace. Init arg "mechanism" picks the conntrack timeout
 * mechanism (sysctl or policy).
 */
public class GatewayNetnsResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "netns-test-token";

    private NetnsLab lab;
    private String mechanism = "auto";

    @Override
    public void init(Map<String, String> initArgs) {
        mechanism = initArgs.getOrDefault("mechanism", "auto");
    }

    @Override
    public Map<String, String> start() {
        lab = NetnsLab.create();
        lab.startServers("--tcp", "8080,9000", "--udp", "9001", "--whoami", "8080");
        Map<String, String> c = new HashMap<>();
        c.put("gateway.kernel.netns", lab.gatewayNs());
        c.put("gateway.interfaces.outside-cidr", NetnsLab.OUTSIDE_NET);
        c.put("gateway.interfaces.lab-cidr", NetnsLab.LAB_NET);
        c.put("gateway.conntrack.timeout-mechanism", mechanism);
        c.put("gateway.metrics.refresh-interval", "1s");
        c.put("gateway.auth.token", TOKEN);
        mapping(c, 0, "web", "tcp", 80, NetnsLab.SERVER + ":8080");
        mapping(c, 1, "ssh", "tcp", 22, NetnsLab.SERVER + ":9000");
        mapping(c, 2, "dns-tcp", "tcp", 53, NetnsLab.SERVER + ":9000");
        mapping(c, 3, "dns-udp", "udp", 53, NetnsLab.SERVER + ":9001");
        mapping(c, 4, "udp-echo", "udp", 9001, NetnsLab.SERVER + ":9001");
        mapping(c, 5, "nothing-there", "tcp", 81, NetnsLab.SERVER + ":8081");
        rule(c, 0, "tcp", "80", "allow");
        rule(c, 1, "udp", "53", "drop");
        c.put("gateway.firewall.default-action", "drop");
        return c;
    }

    private static void mapping(Map<String, String> c, int i, String name, String protocol, int port, String to) {
        String k = "gateway.nat.mappings[" + i + "].";
        c.put(k + "name", name);
        c.put(k + "protocol", protocol);
        c.put(k + "port", Integer.toString(port));
        c.put(k + "to", to);
    }

    private static void rule(Map<String, String> c, int i, String protocol, String port, String action) {
        String k = "gateway.firewall.rules[" + i + "].";
        c.put(k + "protocol", protocol);
        c.put(k + "port", port);
        c.put(k + "action", action);
    }

    @Override
    public void stop() {
        if (lab != null) {
            lab.close();
        }
    }
}
