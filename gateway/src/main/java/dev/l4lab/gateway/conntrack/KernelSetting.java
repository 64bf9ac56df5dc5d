package dev.l4lab.gateway.conntrack;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One nf_conntrack sysctl as the kernel shows it here, and whether this namespace may change it. */
@RegisterForReflection
public record KernelSetting(String name, String value, boolean writable, String note) {
}
