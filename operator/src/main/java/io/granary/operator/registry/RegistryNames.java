package io.granary.operator.registry;

import io.granary.api.v1alpha1.common.SecretKeyReference;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.api.v1alpha1.registry.RegistrySpec;

/** Names of the objects a Registry owns, shared by the dependents, the reconcilers and the tests. */
public final class RegistryNames {

    /** Key of the generated admin-token Secret that holds the token. */
    public static final String ADMIN_TOKEN_KEY = "token";

    private RegistryNames() {
    }

    /** Deployment, Service and PodDisruptionBudget carry the Registry's own name. */
    public static String workload(Registry registry) {
        return registry.getMetadata().getName();
    }

    /** ConfigMap of runtime settings, consumed as environment variables. */
    public static String configMap(Registry registry) {
        return registry.getMetadata().getName() + "-config";
    }

    /** ServiceAccount, Role and RoleBinding that let the runtime watch its Repositories. */
    public static String serviceAccount(Registry registry) {
        return registry.getMetadata().getName() + "-registry";
    }

    /** The Secret the operator generates when spec.auth.adminTokenSecretRef is absent. */
    public static String generatedAdminTokenSecret(Registry registry) {
        return registry.getMetadata().getName() + "-admin-token";
    }

    /** The PersistentVolumeClaim created for spec.storage.filesystem.size. */
    public static String dataClaim(Registry registry) {
        return registry.getMetadata().getName() + "-data";
    }

    /** Where the admin token is: the referenced Secret key, or the generated Secret. */
    public static SecretKeyReference adminToken(Registry registry) {
        RegistrySpec spec = registry.getSpec();
        if (spec.getAuth() != null && spec.getAuth().getAdminTokenSecretRef() != null) {
            return spec.getAuth().getAdminTokenSecretRef();
        }
        return new SecretKeyReference(generatedAdminTokenSecret(registry), ADMIN_TOKEN_KEY);
    }

    /** Whether the operator generates the admin token Secret. */
    public static boolean generatesAdminToken(Registry registry) {
        return registry.getSpec().getAuth() == null || registry.getSpec().getAuth().getAdminTokenSecretRef() == null;
    }

    /** Where the PostgreSQL URL is: the referenced key, or the CloudNativePG cluster's app Secret ({@code uri}). */
    public static SecretKeyReference databaseUrl(Registry registry) {
        var db = registry.getSpec().getDatabase();
        if (db.getUrlSecretRef() != null) {
            return db.getUrlSecretRef();
        }
        return new SecretKeyReference(db.getCnpgClusterName() + "-app", "uri");
    }
}
