package io.granary.registry.auth;

import io.granary.registry.config.GranaryConfig;
import io.granary.registry.metadata.TokenMetadataStore;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/** Ensures the configured admin token exists (stored hashed) before the first request is served. */
@ApplicationScoped
public class AdminTokenBootstrap {

    void onStart(@Observes StartupEvent event, GranaryConfig config, TokenMetadataStore tokens) throws Throwable {
        var secret = config.auth().adminToken().filter(s -> !s.isBlank());
        if (secret.isEmpty()) {
            return;
        }
        if (secret.get().length() < TokenSecrets.MIN_LENGTH) {
            throw new IllegalStateException("granary.auth.admin-token must have at least " + TokenSecrets.MIN_LENGTH
                    + " characters");
        }
        VertxContextSupport.subscribeAndAwait(() -> tokens.ensure("admin", TokenSecrets.hash(secret.get()),
                Map.of(Principal.ALL_REPOSITORIES, Role.ADMIN.wireName())));
    }
}
