package dev.l4lab.echo.tcp;

/** The TCP services; the lower-case name is used in JSON and metric tags. */
public enum ListenerKind {
    ECHO,
    DISCARD,
    CHARGEN;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
