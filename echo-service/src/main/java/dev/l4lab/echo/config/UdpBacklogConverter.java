package dev.l4lab.echo.config;

/** Bytes of delayed datagrams: 64 KiB (one largest datagram) .. 64 MiB. */
public final class UdpBacklogConverter extends ByteSizeConverter {

    public UdpBacklogConverter() {
        super(64 * Bytes.KIB, 64 * Bytes.MIB);
    }
}
