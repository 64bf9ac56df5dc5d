package dev.l4lab.gateway.conntrack;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * GET /conntrack: the entries that matched (at most {@code limit}), how many matched in all, how many the
 * table holds, and whether the answer was cut ({@code truncated}: more matched than were returned).
 */
@RegisterForReflection
public record ConntrackListing(List<ConntrackEntry> entries, int matched, int scanned, boolean truncated, boolean accounting) {
}
