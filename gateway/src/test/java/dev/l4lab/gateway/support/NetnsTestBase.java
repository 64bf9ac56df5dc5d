package dev.l4lab.gateway.support;

import static dev.l4lab.gateway.support.Api.api;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every namespace test starts from: a handle on the lab its profile made, a ready gateway, and the
 * baseline security group ({@link Api#baseline()}) in force.
 */
public abstract class NetnsTestBase {

    @ConfigProperty(name = "gateway.kernel.netns")
    protected String gatewayNs;

    protected NetnsLab lab;

    @BeforeEach
    void baselineSecurityGroup() {
        lab = NetnsLab.attach(gatewayNs);
        Api.awaitReady();
        api().body(Api.baseline()).put("/firewall").then().statusCode(200);
    }
}
