package dev.l4lab.probe.blackbox;

import dev.l4lab.probe.config.ProbeConfig;
import java.util.Locale;

/** A module as the exporter's debug page shows its configuration (YAML, the exporter's key names). */
final class ModuleYaml {

    private ModuleYaml() {
    }

    static String of(ProbeConfig.Module m) {
        StringBuilder sb = new StringBuilder();
        sb.append("prober: ").append(m.prober().name().toLowerCase(Locale.ROOT)).append('\n');
        sb.append("timeout: ").append(m.timeout().toMillis() % 1000 == 0 ? m.timeout().toSeconds() + "s"
                : m.timeout().toMillis() + "ms").append('\n');
        if (m.prober() == ProbeConfig.Prober.TCP) {
            sb.append("tcp:\n");
            sb.append("  preferred_ip_protocol: ").append(m.tcp().preferredIpProtocol().name().toLowerCase(Locale.ROOT)).append('\n');
            sb.append("  ip_protocol_fallback: ").append(m.tcp().ipProtocolFallback()).append('\n');
            m.tcp().queryResponse().ifPresent(steps -> {
                sb.append("  query_response:\n");
                for (ProbeConfig.QueryResponse qr : steps) {
                    String dash = "  - ";
                    if (qr.expect().isPresent()) {
                        sb.append(dash).append("expect: ").append(quote(qr.expect().get().pattern())).append('\n');
                        dash = "    ";
                    }
                    if (qr.send().isPresent()) {
                        sb.append(dash).append("send: ").append(quote(qr.send().get())).append('\n');
                    }
                }
            });
        } else {
            sb.append("udp:\n");
            sb.append("  preferred_ip_protocol: ").append(m.udp().preferredIpProtocol().name().toLowerCase(Locale.ROOT)).append('\n');
            sb.append("  ip_protocol_fallback: ").append(m.udp().ipProtocolFallback()).append('\n');
            m.udp().payload().ifPresent(p -> sb.append("  payload: ").append(quote(p)).append('\n'));
            m.udp().expect().ifPresent(e -> sb.append("  expect: ").append(quote(e.pattern())).append('\n'));
        }
        return sb.toString();
    }

    /** A YAML double-quoted scalar. */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n")
                .replace("\t", "\\t") + "\"";
    }
}
