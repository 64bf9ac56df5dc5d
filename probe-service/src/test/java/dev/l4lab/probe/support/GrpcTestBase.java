package dev.l4lab.probe.support;

import dev.l4lab.probe.v1.ProbeServiceGrpc;
import io.grpc.ManagedChannel;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A generated blocking stub on a plain channel to the test port, plus loopback listeners closed after each test. */
public abstract class GrpcTestBase {

    @TestHTTPResource("/")
    protected URL url;

    protected ManagedChannel channel;
    protected ProbeServiceGrpc.ProbeServiceBlockingStub probe;
    protected Listeners listeners;

    @BeforeEach
    void openChannel() {
        channel = GrpcClients.channel(url);
        probe = GrpcClients.stub(channel);
        listeners = new Listeners();
    }

    @AfterEach
    void closeChannel() throws Exception {
        listeners.close();
        GrpcClients.close(channel);
    }
}
