package dev.l4lab.echo.connections;

/** The registry's answer to a new connection: admitted (connection set) or refused (refusal set). */
public record Admission(TrackedConnection connection, Refusal refusal, int limit) {

    public boolean admitted() {
        return connection != null;
    }
}
