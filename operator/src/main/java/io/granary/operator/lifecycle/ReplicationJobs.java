package io.granary.operator.lifecycle;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.granary.api.v1alpha1.common.Quantities;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.api.v1alpha1.replication.Replication;
import io.granary.api.v1alpha1.replication.ReplicationEndpoint;
import io.granary.api.v1alpha1.replication.ReplicationSpec;
import io.granary.operator.common.Labels;
import io.granary.operator.registry.RegistryDeploymentDependentResource;
import io.granary.operator.registry.RegistryNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The workload of a Replication: the registry-runtime image in {@code replicate} mode, as a Job per spec generation
 * (no schedule) or a CronJob. The pod needs no Kubernetes API access (its ServiceAccount token is not mounted): it
 * reports through its termination message, which the operator reads from the finished pod.
 */
final class ReplicationJobs {

    /** Label on every Job (and CronJob template) of a Replication, naming it. */
    static final String REPLICATION_LABEL = "granary.io/replication";
    /** Where the runtime writes its result; the kubelet turns it into the container's termination message. */
    static final String TERMINATION_LOG = "/dev/termination-log";
    /** Pod retries of one run: a killed or failed run is resumed by the next pod, which skips what was copied. */
    static final int BACKOFF_LIMIT = 4;

    private ReplicationJobs() {
    }

    /** The one-shot Job of this generation of the spec. */
    static String jobName(Replication replication) {
        return replication.getMetadata().getName() + "-replicate-" + replication.getMetadata().getGeneration();
    }

    static String cronJobName(Replication replication) {
        return replication.getMetadata().getName() + "-replicate";
    }

    /** The Job started for pushes to the source seen at {@code seen}: one per poll that found new pushes. */
    static String pushJobName(Replication replication, java.time.Instant seen) {
        return replication.getMetadata().getName() + "-push-" + seen.getEpochSecond();
    }

    static Job job(Replication replication, Registry local, String localUrl, String format) {
        return job(jobName(replication), replication, local, localUrl, format);
    }

    static Job job(String name, Replication replication, Registry local, String localUrl, String format) {
        return new JobBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(replication.getMetadata().getNamespace())
                        .withLabels(labels(replication)).build())
                .withSpec(jobSpec(replication, local, localUrl, format))
                .build();
    }

    static CronJob cronJob(Replication replication, Registry local, String localUrl, String format) {
        return new CronJobBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(cronJobName(replication)).withNamespace(replication.getMetadata().getNamespace())
                        .withLabels(labels(replication)).build())
                .withNewSpec()
                .withSchedule(replication.getSpec().getTrigger().getSchedule())
                .withSuspend(replication.getSpec().getSuspend())
                // A run still copying when the next is due keeps going; the next one would only compare digests.
                .withConcurrencyPolicy("Forbid")
                .withSuccessfulJobsHistoryLimit(3)
                .withFailedJobsHistoryLimit(3)
                .withNewJobTemplate()
                .withNewMetadata().withLabels(labels(replication)).endMetadata()
                .withSpec(jobSpec(replication, local, localUrl, format))
                .endJobTemplate()
                .endSpec()
                .build();
    }

    private static Map<String, String> labels(Replication replication) {
        return Map.of(Labels.MANAGED_BY, Labels.OPERATOR, REPLICATION_LABEL, replication.getMetadata().getName());
    }

    private static JobSpec jobSpec(Replication replication, Registry local, String localUrl, String format) {
        ReplicationSpec spec = replication.getSpec();
        List<String> args = new ArrayList<>(List.of("replicate", "--format", format,
                "--source-url", url(spec.getSource(), localUrl), "--source-repository", spec.getSource().getRepository(),
                "--target-url", url(spec.getTarget(), localUrl), "--target-repository", spec.getTarget().getRepository(),
                "--concurrency", Integer.toString(spec.getConcurrency()), "--report-file", TERMINATION_LOG,
                "--source-allow-private-addresses", Boolean.toString(allowPrivate(spec.getSource())),
                "--target-allow-private-addresses", Boolean.toString(allowPrivate(spec.getTarget()))));
        if (spec.getBandwidthLimit() != null) {
            args.addAll(List.of("--bandwidth", Long.toString(Quantities.toBytes(spec.getBandwidthLimit()))));
        }
        if (spec.getFilters() != null && !spec.getFilters().getInclude().isEmpty()) {
            args.addAll(List.of("--include", String.join(",", spec.getFilters().getInclude())));
        }
        if (spec.getFilters() != null && !spec.getFilters().getExclude().isEmpty()) {
            args.addAll(List.of("--exclude", String.join(",", spec.getFilters().getExclude())));
        }
        List<EnvVar> env = new ArrayList<>();
        credentials(env, "SOURCE", spec.getSource(), local);
        credentials(env, "TARGET", spec.getTarget(), local);
        PodTemplateSpec pod = new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(labels(replication)).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .addNewContainer()
                .withName("replicate")
                .withImage(RegistryDeploymentDependentResource.image(local))
                .withArgs(args)
                .withEnv(env)
                .withTerminationMessagePath(TERMINATION_LOG)
                .withTerminationMessagePolicy("File")
                .endContainer()
                .endSpec()
                .build();
        return new JobSpecBuilder().withBackoffLimit(BACKOFF_LIMIT).withTemplate(pod).build();
    }

    /**
     * The local side is the operator's own Registry (its Service URL, which may well be loopback where the operator
     * runs the registry itself); a remote side may reach private addresses only when its spec allows it.
     */
    private static boolean allowPrivate(ReplicationEndpoint endpoint) {
        return endpoint.getUrl() == null || endpoint.getAllowPrivateAddresses();
    }

    private static String url(ReplicationEndpoint endpoint, String localUrl) {
        return endpoint.getUrl() != null ? endpoint.getUrl() : localUrl;
    }

    /** The local side uses the Registry's admin token; a remote side its credentials Secret (token, or username+password). */
    private static void credentials(List<EnvVar> env, String side, ReplicationEndpoint endpoint, Registry local) {
        String prefix = "GRANARY_REPLICATE_" + side + "_";
        if (endpoint.getUrl() == null) {
            var ref = RegistryNames.adminToken(local);
            env.add(secretEnv(prefix + "TOKEN", ref.getName(), ref.getKey()));
        } else if (endpoint.getCredentialsSecretRef() != null) {
            String secret = endpoint.getCredentialsSecretRef().getName();
            env.add(secretEnv(prefix + "TOKEN", secret, "token"));
            env.add(secretEnv(prefix + "USERNAME", secret, "username"));
            env.add(secretEnv(prefix + "PASSWORD", secret, "password"));
        }
    }

    private static EnvVar secretEnv(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef(key, secret, true).endValueFrom().build();
    }
}
