package dev.l4lab.echo.connections;

import java.util.Locale;

/** The TCP listeners whose connections share echo.limits.max-connections; the label is used in JSON and metrics. */
public enum ListenerKind {
    ECHO,
    DISCARD,
    CHARGEN,
    WHOAMI_PROXY;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
