package dev.l4lab.probe.limits;

import dev.l4lab.probe.config.ProbeConfig;
import dev.l4lab.probe.config.ProbeConfigValidator;
import dev.l4lab.probe.hostlimits.HostLimitsReader;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Fails start-up when keys contradict each other or the limits cannot fit the heap and the fd limit. */
@ApplicationScoped
public class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class);

    void onStart(@Observes StartupEvent event, ProbeConfig config,
                 @ConfigProperty(name = "quarkus.http.limits.max-connections", defaultValue = "1024") int httpConnections) {
        List<String> problems = new ArrayList<>(ProbeConfigValidator.validate(config));
        ResourceBudget budget = ResourceBudget.of(config, httpConnections);
        long maxHeap = Runtime.getRuntime().maxMemory();
        int openFiles = HostLimitsReader.openFilesLimit()[0];
        problems.addAll(budget.problems(maxHeap, openFiles));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid probe-service configuration: " + String.join("; ", problems));
        }
        LOG.infof("resource budget: heap %s of %s (%s); file descriptors %d of %d (%s)", ResourceBudget.mib(budget.heapBytes()),
                ResourceBudget.mib(maxHeap), budget.heapTerms(), budget.fileDescriptors(), openFiles, budget.fdTerms());
    }
}
