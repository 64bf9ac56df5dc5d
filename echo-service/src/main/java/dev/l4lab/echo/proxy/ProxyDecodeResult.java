package dev.l4lab.echo.proxy;

/** What one {@link ProxyHeaderDecoder#feed} call produced. */
public sealed interface ProxyDecodeResult {

    /** The header is not complete yet; feed more bytes. */
    record NeedMore() implements ProxyDecodeResult {
    }

    /** The header is complete; {@code remainder} are the bytes that followed it (application data). */
    record Decoded(ProxyHeader header, byte[] remainder) implements ProxyDecodeResult {
    }

    /** The header is invalid; {@code reason} is a short stable label (used as a metric tag). */
    record Rejected(String reason, String detail) implements ProxyDecodeResult {
    }
}
