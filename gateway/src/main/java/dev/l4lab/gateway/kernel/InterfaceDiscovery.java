package dev.l4lab.gateway.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.l4lab.gateway.net.Ipv4Cidr;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the outside and lab interfaces by the networks their addresses are in ("ip -j -4 addr show"): Docker
 * names a container's interfaces in an order of its own, so names cannot be configured ahead.
 */
public final class InterfaceDiscovery {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InterfaceDiscovery() {
    }

    public static List<NetInterface> list(CommandRunner runner) {
        ToolRun r = runner.runOrThrow(Command.of("ip", "-j", "-4", "addr", "show").withMaxStdout(1 << 20));
        return parse(r.stdoutText());
    }

    static List<NetInterface> parse(String json) {
        List<NetInterface> out = new ArrayList<>();
        try {
            for (JsonNode link : JSON.readTree(json)) {
                for (JsonNode a : link.path("addr_info")) {
                    if (!"inet".equals(a.path("family").asText())) {
                        continue;
                    }
                    String address = a.path("local").asText();
                    int prefix = a.path("prefixlen").asInt(32);
                    out.add(new NetInterface(link.path("ifname").asText(), link.path("ifindex").asInt(),
                            address, new Ipv4Cidr(Ipv4Cidr.parseAddress(address, address), prefix)));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ToolFailure("cannot read the output of ip -j addr: " + e.getMessage(), e);
        }
        return out;
    }

    /** The interfaces whose addresses lie in the two configured networks; a clear error when one is missing. */
    public static GatewayInterfaces find(List<NetInterface> all, Ipv4Cidr outside, Ipv4Cidr lab) {
        NetInterface out = pick(all, outside, "outside", "gateway.interfaces.outside-cidr");
        NetInterface in = pick(all, lab, "lab", "gateway.interfaces.lab-cidr");
        if (out.name().equals(in.name())) {
            throw new ToolFailure("the outside and lab networks are on the same interface " + out.name()
                    + ": the gateway needs one interface on each", null);
        }
        return new GatewayInterfaces(out, in);
    }

    private static NetInterface pick(List<NetInterface> all, Ipv4Cidr cidr, String side, String key) {
        for (NetInterface i : all) {
            if (cidr.contains(Ipv4Cidr.parseAddress(i.address(), i.address()))) {
                return i;
            }
        }
        List<String> seen = all.stream().map(i -> i.name() + " " + i.address() + "/" + i.network().prefix()).toList();
        throw new ToolFailure("no interface has an address in the " + side + " network " + cidr + " (" + key
                + "); interfaces: " + seen, null);
    }
}
