package dev.l4lab.echo.faults;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An echo listener the "refuse" fault can unbind; JSON "tcp" or "udp". */
public enum Protocol {
    @JsonProperty("tcp")
    TCP,
    @JsonProperty("udp")
    UDP
}
