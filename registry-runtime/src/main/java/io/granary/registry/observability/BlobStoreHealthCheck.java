package io.granary.registry.observability;

import io.granary.registry.storage.BlobStore;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness fails while the blob store cannot be used (PostgreSQL has its own built-in check). */
@Readiness
@ApplicationScoped
public class BlobStoreHealthCheck implements AsyncHealthCheck {

    private final BlobStore blobs;

    BlobStoreHealthCheck(BlobStore blobs) {
        this.blobs = blobs;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(() -> {
            try {
                blobs.checkHealth();
                return HealthCheckResponse.named("blob-store").up().withData("kind", blobs.kind()).build();
            } catch (Exception e) {
                return HealthCheckResponse.named("blob-store").down().withData("kind", blobs.kind())
                        .withData("error", String.valueOf(e.getMessage())).build();
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
