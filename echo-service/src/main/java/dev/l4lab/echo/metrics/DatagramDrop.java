package dev.l4lab.echo.metrics;

/** Why a received datagram got no answer; the label is echo_datagrams_dropped_total's reason. */
public enum DatagramDrop {
    /** The udpDropRate fault. */
    FAULT_DROP("fault-drop"),
    /** The blackhole fault. */
    BLACKHOLE("blackhole"),
    /** The latency fault holds echo.udp.max-delayed-bytes already. */
    BACKLOG("backlog"),
    /** Replies are not leaving the socket fast enough; the send queue is full. */
    SEND_BACKLOG("send-backlog"),
    /** The kernel refused the reply. */
    SEND_FAILED("send-failed"),
    /** A zero-length datagram: Netty's datagram channel sends no empty datagram, so it is never answered. */
    EMPTY("empty"),
    /** A delayed reply that was still waiting when the listener was unbound (refuse fault or shutdown). */
    UNBOUND("unbound");

    private final String label;

    DatagramDrop(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
