package io.granary.operator;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the operator started and every controller's informers are synced (JOSDK's own health view). */
@Readiness
@ApplicationScoped
public class OperatorReadiness implements HealthCheck {

    private final OperatorStartup startup;

    OperatorReadiness(OperatorStartup startup) {
        this.startup = startup;
    }

    @Override
    public HealthCheckResponse call() {
        GranaryOperator operator = startup.operator();
        boolean healthy = operator != null && operator.operator().getRuntimeInfo().allEventSourcesAreHealthy();
        return HealthCheckResponse.named("granary-operator").status(healthy).build();
    }
}
