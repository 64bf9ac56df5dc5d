package dev.l4lab.lb.config;

import dev.l4lab.lb.pool.BackendSpec;
import org.eclipse.microprofile.config.spi.Converter;

/** "host:port[@weight]" from configuration (spaces around list items are allowed there). */
public class BackendSpecConverter implements Converter<BackendSpec> {

    @Override
    public BackendSpec convert(String value) {
        return BackendSpec.parse(value.trim());
    }
}
