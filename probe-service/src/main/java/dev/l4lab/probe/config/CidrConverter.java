package dev.l4lab.probe.config;

import dev.l4lab.probe.net.Cidr;
import org.eclipse.microprofile.config.spi.Converter;

/** probe.policy.allowed-cidrs entries; a bad one fails start-up naming the key and the value. */
public class CidrConverter implements Converter<Cidr> {

    @Override
    public Cidr convert(String value) {
        // MicroProfile Config: an empty value is a missing one (null), never a value
        return value == null || value.isEmpty() ? null : Cidr.parse(value);
    }
}
