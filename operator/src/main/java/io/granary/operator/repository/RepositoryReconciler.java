package io.granary.operator.repository;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.granary.api.v1alpha1.common.Condition;
import io.granary.api.v1alpha1.common.ConditionReasons;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.common.Conditions;
import io.granary.api.v1alpha1.common.Quantities;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.api.v1alpha1.registry.S3StorageSpec;
import io.granary.api.v1alpha1.repository.DeletionPolicy;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.api.v1alpha1.repository.RepositoryBuckets;
import io.granary.api.v1alpha1.repository.RepositoryStatus;
import io.granary.api.v1alpha1.repository.RepositoryUsage;
import io.granary.operator.OperatorSettings;
import io.granary.operator.common.Labels;
import io.granary.operator.common.OperatorReasons;
import io.granary.operator.common.StatusConditions;
import io.granary.operator.registry.RegistryNames;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Turns a Repository into its bucket, its access Secrets and a truthful status: served or not by its Registry, usage,
 * SLIs against the objectives. The Cleaner removes the bucket only under deletionPolicy Delete.
 */
@ControllerConfiguration(name = "repository")
public class RepositoryReconciler implements Reconciler<Repository>, Cleaner<Repository> {

    private static final Logger LOG = Logger.getLogger(RepositoryReconciler.class);

    private final Clock clock;
    private final OperatorSettings settings;
    private final S3Buckets buckets;
    private final RegistryAdminApi api = new RegistryAdminApi();
    private final RepositoryAccessSecrets accessSecrets = new RepositoryAccessSecrets(api);

    public RepositoryReconciler(Clock clock, OperatorSettings settings, S3Buckets buckets) {
        this.clock = clock;
        this.settings = settings;
        this.buckets = buckets;
    }

    /** The Registry a Repository names; {@code default} when absent. */
    public static String registryName(Repository repository) {
        String name = repository.getSpec() == null ? null : repository.getSpec().getRegistry();
        return name == null || name.isBlank() ? "default" : name;
    }

    @Override
    public List<EventSource<?, Repository>> prepareEventSources(EventSourceContext<Repository> context) {
        var registries = new InformerEventSource<>(InformerEventSourceConfiguration.from(Registry.class, Repository.class)
                .withNamespacesInheritedFromController()
                .withPrimaryToSecondaryMapper((Repository r) -> Set.of(new ResourceID(registryName(r), r.getMetadata().getNamespace())))
                .withSecondaryToPrimaryMapper(registry -> context.getPrimaryCache()
                        .list(registry.getMetadata().getNamespace(), r -> registryName(r).equals(registry.getMetadata().getName()))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .build(), context);
        var secrets = new InformerEventSource<>(InformerEventSourceConfiguration.from(Secret.class, Repository.class)
                .withNamespacesInheritedFromController()
                .withLabelSelector(RepositoryAccessSecrets.SELECTOR)
                .build(), context);
        return List.of(registries, secrets);
    }

    @Override
    public UpdateControl<Repository> reconcile(Repository repository, Context<Repository> context) {
        KubernetesClient client = context.getClient();
        StatusConditions conditions = StatusConditions.from(repository, clock);
        RepositoryStatus next = new RepositoryStatus();
        next.setObservedGeneration(repository.getMetadata().getGeneration());
        RepositoryStatus previous = repository.getStatus();
        if (previous != null) {
            next.setUsage(previous.getUsage());
            next.setSli(previous.getSli());
        }
        Optional<Registry> registry = context.getSecondaryResource(Registry.class);
        boolean done = registry.isPresent() && converge(client, repository, registry.get(), context, conditions, next);
        if (registry.isEmpty()) {
            String message = "Registry " + registryName(repository) + " does not exist in namespace " + repository.getMetadata().getNamespace();
            conditions.set(ConditionTypes.SERVING, Condition.FALSE, ConditionReasons.REGISTRY_NOT_FOUND, message);
            conditions.progressing(ConditionReasons.REGISTRY_NOT_FOUND, message);
        }
        next.setConditions(conditions.build());
        UpdateControl<Repository> control;
        if (next.equals(repository.getStatus())) {
            control = UpdateControl.noUpdate();
        } else {
            repository.setStatus(next);
        // A server-side apply of the status needs no optimistic lock; a stale resourceVersion would only cause a 409.
        repository.getMetadata().setResourceVersion(null);
            control = UpdateControl.patchStatus(repository);
        }
        // SLIs and usage change without any Kubernetes event: poll them; poll sooner while not yet serving.
        return control.rescheduleAfter(done ? settings.sliInterval().toMillis() : Math.min(5000, settings.sliInterval().toMillis()));
    }

    private boolean converge(KubernetesClient client, Repository repository, Registry registry, Context<Repository> context,
                             StatusConditions conditions, RepositoryStatus next) {
        String name = repository.getMetadata().getName();
        String endpoint = OperatorSettings.serviceUrl(registry);
        next.setUrl(ClientConfigs.repositoryUrl(repository.getSpec().getFormat(), publicBase(registry, endpoint), name));

        // 1. The bucket.
        S3StorageSpec s3 = registry.getSpec().getStorage().getS3();
        if (s3 != null) {
            String bucket = bucketName(repository, registry);
            try {
                boolean created = buckets.ensure(store(client, registry), bucket);
                conditions.set(ConditionTypes.BUCKET_READY, Condition.TRUE, ConditionReasons.BUCKET_EXISTS,
                        (created ? "created bucket " : "bucket ") + bucket + " at " + s3.getEndpoint());
            } catch (MissingSecretException e) {
                conditions.set(ConditionTypes.BUCKET_READY, Condition.FALSE, ConditionReasons.SECRET_NOT_FOUND, e.getMessage());
                conditions.stalled(ConditionReasons.SECRET_NOT_FOUND, e.getMessage());
                return false;
            } catch (RuntimeException e) {
                String message = "bucket " + bucket + ": " + e.getMessage();
                conditions.set(ConditionTypes.BUCKET_READY, Condition.FALSE, ConditionReasons.BUCKET_UNAVAILABLE, message);
                conditions.progressing(ConditionReasons.BUCKET_UNAVAILABLE, message);
                return false;
            }
        } else {
            conditions.set(ConditionTypes.BUCKET_READY, Condition.TRUE, ConditionReasons.BUCKET_EXISTS,
                    "filesystem storage: a directory on the Registry's volume");
        }

        // 2. Served by its Registry?
        if (!Conditions.isTrue(registry.getStatus() == null ? null : registry.getStatus().getConditions(), ConditionTypes.READY)) {
            String message = "Registry " + registry.getMetadata().getName() + " is not Ready";
            conditions.set(ConditionTypes.SERVING, Condition.FALSE, ConditionReasons.REGISTRY_NOT_READY, message);
            conditions.progressing(ConditionReasons.REGISTRY_NOT_READY, message);
            return false;
        }
        String base = settings.endpoints().apply(registry);
        String adminToken;
        try {
            adminToken = adminToken(client, registry);
        } catch (MissingSecretException e) {
            conditions.set(ConditionTypes.SERVING, Condition.UNKNOWN, ConditionReasons.SECRET_NOT_FOUND, e.getMessage());
            conditions.progressing(ConditionReasons.DEPENDENCY_NOT_READY, e.getMessage());
            return false;
        }
        try {
            Optional<RegistryAdminApi.Usage> usage = api.usage(base, adminToken, name);
            if (usage.isEmpty()) {
                String message = "Registry " + registry.getMetadata().getName() + " does not serve " + name + " yet";
                conditions.set(ConditionTypes.SERVING, Condition.FALSE, OperatorReasons.NOT_IN_CATALOG, message);
                conditions.progressing(OperatorReasons.NOT_IN_CATALOG, message);
                return false;
            }
            RepositoryUsage u = new RepositoryUsage();
            u.setArtifacts(usage.get().artifacts());
            u.setBytes(usage.get().bytes());
            next.setUsage(u);
            conditions.set(ConditionTypes.SERVING, Condition.TRUE, ConditionReasons.SERVING, "served at " + next.getUrl());
            quota(repository, usage.get(), conditions);

            // 3. SLOs.
            var slo = repository.getSpec().getSlo();
            String window = SloEvaluation.window(slo);
            RegistryAdminApi.Sli sli = api.sli(base, adminToken, name, window);
            next.setSli(SloEvaluation.sli(sli));
            var pull = SloEvaluation.evaluate("pull", slo == null ? null : slo.getPull(), sli.pull(), window);
            var push = SloEvaluation.evaluate("push", slo == null ? null : slo.getPush(), sli.push(), window);
            conditions.set(ConditionTypes.PULL_SLO_MET, pull.status(), pull.reason(), pull.message());
            conditions.set(ConditionTypes.PUSH_SLO_MET, push.status(), push.reason(), push.message());

            // 4. Access Secrets.
            int roles = accessSecrets.reconcile(client, repository, context.getSecondaryResources(Secret.class), base,
                    publicBase(registry, endpoint), adminToken);
            conditions.ready(ConditionReasons.SERVING, "served at " + next.getUrl() + (roles > 0 ? " with " + roles + " access Secret(s)" : ""));
            return true;
        } catch (RegistryAdminApi.AdminApiException e) {
            conditions.set(ConditionTypes.SERVING, Condition.UNKNOWN, OperatorReasons.REGISTRY_UNREACHABLE, e.getMessage());
            conditions.progressing(OperatorReasons.REGISTRY_UNREACHABLE, e.getMessage());
            return false;
        }
    }

    /** The registry's URL as clients use it: the Ingress URL when there is one, else the Service's. */
    private static String publicBase(Registry registry, String serviceUrl) {
        return registry.getStatus() != null && registry.getStatus().getUrl() != null ? registry.getStatus().getUrl() : serviceUrl;
    }

    private static void quota(Repository repository, RegistryAdminApi.Usage usage, StatusConditions conditions) {
        String quota = repository.getSpec().getStorage() == null ? null : repository.getSpec().getStorage().getQuota();
        if (quota == null) {
            conditions.set(ConditionTypes.QUOTA_OK, Condition.TRUE, ConditionReasons.NO_QUOTA, "no quota declared");
            return;
        }
        long limit = Quantities.toBytes(quota);
        boolean ok = usage.bytes() < limit;
        conditions.set(ConditionTypes.QUOTA_OK, ok ? Condition.TRUE : Condition.FALSE,
                ok ? ConditionReasons.WITHIN_QUOTA : ConditionReasons.QUOTA_EXCEEDED, usage.bytes() + " of " + limit + " bytes used");
    }

    @Override
    public DeleteControl cleanup(Repository repository, Context<Repository> context) {
        Optional<Registry> registry = context.getSecondaryResource(Registry.class);
        if (!revokeTokens(repository, registry, context)) {
            // The runtime must forget the tokens before the Secrets that name them go: retry until it answers.
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(Math.min(5000, settings.sliInterval().toMillis()));
        }
        DeletionPolicy policy = repository.getSpec().getStorage() == null || repository.getSpec().getStorage().getDeletionPolicy() == null
                ? DeletionPolicy.RETAIN : repository.getSpec().getStorage().getDeletionPolicy();
        if (policy != DeletionPolicy.DELETE) {
            LOG.infof("Repository %s deleted; deletionPolicy Retain keeps its bucket and artifacts", Labels.ref(repository));
            return DeleteControl.defaultDelete();
        }
        if (registry.isEmpty() || registry.get().getSpec().getStorage().getS3() == null) {
            // Filesystem artifacts live in the runtime's database and volume; without S3 there is no bucket to remove.
            LOG.infof("Repository %s deleted with deletionPolicy Delete; no bucket to remove", Labels.ref(repository));
            return DeleteControl.defaultDelete();
        }
        String bucket = bucketName(repository, registry.get());
        buckets.deleteWithContents(store(context.getClient(), registry.get()), bucket);
        LOG.infof("Repository %s deleted with deletionPolicy Delete; removed bucket %s", Labels.ref(repository), bucket);
        return DeleteControl.defaultDelete();
    }

    /**
     * Revokes the Repository's tokens in its runtime; true when done or nothing to do: no Registry (or one being
     * deleted: its tokens go with it), or no sign a token was ever issued (no access Secret, never served).
     */
    private boolean revokeTokens(Repository repository, Optional<Registry> registry, Context<Repository> context) {
        boolean everServed = repository.getStatus() != null
                && Conditions.isTrue(repository.getStatus().getConditions(), ConditionTypes.SERVING);
        if (registry.isEmpty() || registry.get().getMetadata().getDeletionTimestamp() != null
                || (context.getSecondaryResources(Secret.class).isEmpty() && !everServed)) {
            return true;
        }
        try {
            int revoked = accessSecrets.revokeAll(settings.endpoints().apply(registry.get()),
                    adminToken(context.getClient(), registry.get()), repository);
            LOG.infof("Repository %s deleted; revoked %d access token(s)", Labels.ref(repository), revoked);
            return true;
        } catch (RegistryAdminApi.AdminApiException | MissingSecretException e) {
            LOG.warnf("Repository %s deleted; its tokens cannot be revoked yet: %s", Labels.ref(repository), e.getMessage());
            return false;
        }
    }

    @Override
    public ErrorStatusUpdateControl<Repository> updateErrorStatus(Repository repository, Context<Repository> context, Exception e) {
        LOG.warnf("Repository %s: %s", Labels.ref(repository), e.toString());
        var conditions = StatusConditions.from(repository, clock).progressing(ConditionReasons.RECONCILE_ERROR, String.valueOf(e.getMessage()));
        RepositoryStatus status = repository.getStatus() == null ? new RepositoryStatus() : repository.getStatus();
        status.setConditions(conditions.build());
        repository.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(repository);
    }

    /** The bucket of a Repository: spec.storage.bucket, else the Registry's template (the runtime uses the same rule). */
    public static String bucketName(Repository repository, Registry registry) {
        return RepositoryBuckets.bucketOf(repository, registry.getSpec().getStorage().getS3().getBucketTemplate());
    }

    private static S3Buckets.Store store(KubernetesClient client, Registry registry) {
        S3StorageSpec s3 = registry.getSpec().getStorage().getS3();
        String access = null;
        String secret = null;
        if (s3.getCredentialsSecretRef() != null) {
            access = secretValue(client, registry.getMetadata().getNamespace(), s3.getCredentialsSecretRef().getName(), "accessKeyId");
            secret = secretValue(client, registry.getMetadata().getNamespace(), s3.getCredentialsSecretRef().getName(), "secretAccessKey");
        }
        return new S3Buckets.Store(s3.getEndpoint(), s3.getRegion() == null ? "us-east-1" : s3.getRegion(),
                Boolean.TRUE.equals(s3.getPathStyle()), access, secret);
    }

    /** The admin token of a Registry, from its Secret; throws when the Secret or key is missing. */
    public static String adminToken(KubernetesClient client, Registry registry) {
        var ref = RegistryNames.adminToken(registry);
        return secretValue(client, registry.getMetadata().getNamespace(), ref.getName(), ref.getKey());
    }

    /** The value of a Secret's key, stripped; throws {@link MissingSecretException} when the Secret or key is missing. */
    public static String secretValue(KubernetesClient client, String namespace, String name, String key) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null || secret.getData() == null || !secret.getData().containsKey(key)) {
            throw new MissingSecretException("Secret key " + name + "/" + key + " does not exist in namespace " + namespace);
        }
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8).strip();
    }

    /** A referenced Secret or key is missing: a person must create it. */
    public static final class MissingSecretException extends RuntimeException {
        MissingSecretException(String message) {
            super(message);
        }
    }
}
