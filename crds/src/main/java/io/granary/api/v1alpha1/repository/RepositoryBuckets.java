package io.granary.api.v1alpha1.repository;

/**
 * The bucket a Repository's blobs live in: {@code spec.storage.bucket} when set, else the Registry's bucket template
 * with {@code {namespace}} and {@code {repository}} replaced. One function, so the operator (which creates and deletes
 * the bucket) and the runtime (which writes into it) can never disagree.
 */
public final class RepositoryBuckets {

    /** The template used when a Registry declares none. */
    public static final String DEFAULT_TEMPLATE = "granary-{namespace}-{repository}";

    private RepositoryBuckets() {
    }

    /** The bucket of {@code repository} under {@code template} (the default template when null). */
    public static String bucketOf(Repository repository, String template) {
        StorageSpec storage = repository.getSpec() == null ? null : repository.getSpec().getStorage();
        if (storage != null && storage.getBucket() != null && !storage.getBucket().isBlank()) {
            return storage.getBucket();
        }
        return fromTemplate(template, repository.getMetadata().getNamespace(), repository.getMetadata().getName());
    }

    /** The template filled in; a Repository read from a file outside any cluster has the namespace {@code default}. */
    public static String fromTemplate(String template, String namespace, String repository) {
        String pattern = template == null || template.isBlank() ? DEFAULT_TEMPLATE : template;
        return pattern.replace("{namespace}", namespace == null || namespace.isBlank() ? "default" : namespace)
                .replace("{repository}", repository);
    }
}
