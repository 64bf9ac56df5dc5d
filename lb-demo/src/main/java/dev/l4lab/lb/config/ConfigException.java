package dev.l4lab.lb.config;

/** A bad configuration value; the message starts with the full key. */
public class ConfigException extends RuntimeException {
    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
    }
}
