package dev.l4lab.probe.rest;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The resources whose calls pass {@link RestGuard} (token and rate limit). Bound by JAX-RS name binding to
 * the matched resource, not by comparing path strings: "/probe/", "//api/v1/x" or percent-encoded letters
 * reach the same method and so the same guard.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Guarded {
}
