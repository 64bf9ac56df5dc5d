package dev.l4lab.echo.tcp;

import dev.l4lab.echo.config.ConnectionBuffers;
import dev.l4lab.echo.connections.ConnectionRegistry;
import dev.l4lab.echo.faults.FaultState;
import dev.l4lab.echo.metrics.EchoMetrics;
import io.vertx.core.Vertx;
import java.time.Duration;

/** What every TCP connection needs from the application, gathered once. */
record TcpEnvironment(Vertx vertx, EchoMetrics metrics, ConnectionRegistry registry, FaultState faults,
                      ConnectionBuffers buffers, Duration proxyHeaderTimeout, boolean bannerEnabled, String instanceName) {
}
