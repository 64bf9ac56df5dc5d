package dev.l4lab.probe.config;

import dev.l4lab.probe.net.HostPattern;
import org.eclipse.microprofile.config.spi.Converter;

/** probe.policy.allowed-hosts entries. */
public class HostPatternConverter implements Converter<HostPattern> {

    @Override
    public HostPattern convert(String value) {
        // MicroProfile Config: an empty value is a missing one (null), never a value
        return value == null || value.isEmpty() ? null : HostPattern.parse(value);
    }
}
