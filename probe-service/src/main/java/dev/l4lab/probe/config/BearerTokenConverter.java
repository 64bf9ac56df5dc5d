package dev.l4lab.probe.config;

import org.eclipse.microprofile.config.spi.Converter;

/** probe.auth.token. */
public class BearerTokenConverter implements Converter<BearerToken> {

    @Override
    public BearerToken convert(String value) {
        // MicroProfile Config: an empty value is a missing one (null), never a value
        return value == null || value.isEmpty() ? null : new BearerToken(value);
    }
}
