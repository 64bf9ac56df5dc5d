package dev.l4lab.echo.faults;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An echo listener the "refuse" fault can unbind; JSON "tcp" or "udp". */
@RegisterForReflection
public enum Protocol {
    @JsonProperty("tcp")
    TCP,
    @JsonProperty("udp")
    UDP
}
