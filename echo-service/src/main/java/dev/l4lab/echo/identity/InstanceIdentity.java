package dev.l4lab.echo.identity;

import dev.l4lab.echo.config.EchoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** The instance name: echo.instance-name, else the hostname. Resolved once, off the event loop. */
@ApplicationScoped
public class InstanceIdentity {

    private final String name;

    public InstanceIdentity(EchoConfig config) {
        this.name = config.instanceName().filter(s -> !s.isBlank()).orElseGet(InstanceIdentity::hostname);
    }

    public String name() {
        return name;
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            String file = Files.readString(Path.of("/etc/hostname")).trim();
            if (!file.isEmpty()) {
                return file;
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux, or no such file: fall through
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "echo";
        }
    }
}
