package dev.l4lab.echo.config;

/** Per-connection buffer: 1 KiB..1 MiB (the PROXY v2 header needs at least its 232-byte address block). */
public final class ConnectionBufferConverter extends ByteSizeConverter {

    public ConnectionBufferConverter() {
        super(Bytes.KIB, Bytes.MIB);
    }
}
