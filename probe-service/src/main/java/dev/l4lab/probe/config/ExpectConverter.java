package dev.l4lab.probe.config;

import dev.l4lab.probe.error.ProbeException;
import dev.l4lab.probe.input.Expect;
import org.eclipse.microprofile.config.spi.Converter;

/** A module's expect regex, compiled when the configuration loads (a bad one fails start-up). */
public class ExpectConverter implements Converter<Expect> {

    @Override
    public Expect convert(String value) {
        if (value == null || value.isEmpty()) {
            return null; // MicroProfile Config: an empty value is a missing one
        }
        try {
            return Expect.compile("expect", value);
        } catch (ProbeException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
