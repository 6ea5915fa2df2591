package io.granary.operator.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.granary.api.v1alpha1.retention.RetentionCandidate;
import io.granary.api.v1alpha1.retention.RetentionPolicySpec;
import io.granary.operator.repository.RegistryAdminApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One execution of a RetentionPolicy: the runtime's retention admin API called for each selected
 * Repository, the reports summed. Bytes freed are what each run's garbage collection measured in the
 * blob store.
 */
final class RetentionRun {

    /** Candidates kept in status at most. */
    static final int MAX_CANDIDATES = 100;
    /** Errors kept in status at most. */
    static final int MAX_ERRORS = 20;
    /** A run of one repository may take this long (deleting and collecting a large repository). */
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    long candidateCount;
    final List<RetentionCandidate> candidates = new ArrayList<>();
    long deletedCount;
    long bytesFreed;
    final List<String> errors = new ArrayList<>();

    private RetentionRun() {
    }

    /** Runs the policy on every target; failures of one repository are recorded and the others still run. */
    static RetentionRun execute(RegistryAdminApi api, RetentionPolicySpec spec, List<RetentionTargets.Target> targets) {
        RetentionRun run = new RetentionRun();
        ObjectNode body = JSON.createObjectNode();
        body.set("rules", JSON.valueToTree(spec.getRules()));
        body.put("dryRun", spec.getDryRun());
        for (var target : targets) {
            try {
                JsonNode report = api.post(target.baseUrl(), target.adminToken(), "/api/v1/repositories/"
                        + RegistryAdminApi.segment(target.repository()) + "/retention", body, TIMEOUT);
                run.add(report);
            } catch (RuntimeException e) {
                run.error(target.repository() + ": " + e.getMessage());
            }
        }
        return run;
    }

    private void add(JsonNode report) {
        candidateCount += report.path("candidateCount").asLong();
        deletedCount += report.path("deletedCount").asLong();
        bytesFreed += report.path("gc").path("bytesFreed").asLong();
        for (JsonNode c : report.path("candidates")) {
            if (candidates.size() < MAX_CANDIDATES) {
                candidates.add(JSON.convertValue(c, RetentionCandidate.class));
            }
        }
        String repository = report.path("repository").asText();
        for (JsonNode e : report.path("errors")) {
            error(repository + ": " + e.asText());
        }
        for (JsonNode e : report.path("gc").path("errors")) {
            error("garbage collection: " + e.asText());
        }
    }

    private void error(String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(message);
        }
    }
}
