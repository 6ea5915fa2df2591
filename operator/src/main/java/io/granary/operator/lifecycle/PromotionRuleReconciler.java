package io.granary.operator.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.granary.api.v1alpha1.common.Condition;
import io.granary.api.v1alpha1.common.ConditionReasons;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.promotion.BlockedItem;
import io.granary.api.v1alpha1.promotion.PromotedItem;
import io.granary.api.v1alpha1.promotion.PromotionGateName;
import io.granary.api.v1alpha1.promotion.PromotionRule;
import io.granary.api.v1alpha1.promotion.PromotionRuleStatus;
import io.granary.operator.OperatorSettings;
import io.granary.operator.common.Labels;
import io.granary.operator.common.StatusConditions;
import io.granary.operator.repository.RegistryAdminApi;
import io.granary.operator.repository.RepositoryReconciler;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Executes a PromotionRule through its Registry's admin API ({@code POST /api/v1/promotions}) and writes what the
 * runtime answered: promoted versions with digests, blocked versions with the failing gate, and conditions. The rule
 * is run again periodically, since gates pass later (a signature pushed, an age reached) and selectors pick up new
 * versions; the runtime answers an already promoted version without copying it again.
 */
@ControllerConfiguration(name = "promotionrule")
public class PromotionRuleReconciler implements Reconciler<PromotionRule> {

    private static final Logger LOG = Logger.getLogger(PromotionRuleReconciler.class);
    /** Items listed in status at most, per list. */
    static final int MAX_LISTED = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Blocks that are not gates: the version is missing, the target holds other bytes or has no room left. */
    private static final Set<PromotionGateName> NOT_GATES = Set.of(PromotionGateName.NOT_FOUND, PromotionGateName.CONFLICT,
            PromotionGateName.QUOTA);

    private final Clock clock;
    private final OperatorSettings settings;
    private final RegistryAdminApi api = new RegistryAdminApi();

    public PromotionRuleReconciler(Clock clock, OperatorSettings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public UpdateControl<PromotionRule> reconcile(PromotionRule rule, Context<PromotionRule> context) {
        String namespace = rule.getMetadata().getNamespace();
        StatusConditions conditions = StatusConditions.from(rule, clock);
        PromotionRuleStatus next = new PromotionRuleStatus();
        next.setObservedGeneration(rule.getMetadata().getGeneration());
        if (rule.getStatus() != null) {
            next.setPromoted(rule.getStatus().getPromoted());
            next.setBlocked(rule.getStatus().getBlocked());
            next.setPromotedCount(rule.getStatus().getPromotedCount());
            next.setBlockedCount(rule.getStatus().getBlockedCount());
        }
        RegistryOfRepository from = RegistryOfRepository.of(context.getClient(), settings, namespace, rule.getSpec().getFrom());
        RegistryOfRepository to = RegistryOfRepository.of(context.getClient(), settings, namespace, rule.getSpec().getTo());
        if (!from.reachable() || !to.reachable()) {
            RegistryOfRepository failed = from.reachable() ? to : from;
            String message = from.reachable() || to.reachable() || from.message().equals(to.message()) ? failed.message()
                    : from.message() + "; " + to.message();
            pending(conditions, failed.reason(), message);
        } else if (!from.registry().getMetadata().getName().equals(to.registry().getMetadata().getName())) {
            String message = "from is served by Registry " + from.registry().getMetadata().getName() + ", to by "
                    + to.registry().getMetadata().getName() + "; promotion works within one Registry (use a Replication across)";
            conditions.set(ConditionTypes.PROMOTED, Condition.FALSE, ConditionReasons.INVALID_SPEC, message);
            conditions.stalled(ConditionReasons.INVALID_SPEC, message);
        } else {
            try {
                Map<String, Object> request = new LinkedHashMap<>(Map.of("rule", rule.getMetadata().getName(), "spec", rule.getSpec()));
                publicKey(context, rule).ifPresent(pem -> request.put("publicKey", pem));
                JsonNode report = api.postJson(from.baseUrl(), from.adminToken(), "/api/v1/promotions", request);
                apply(report, next, conditions);
            } catch (RepositoryReconciler.MissingSecretException e) {
                // Without the key the gate cannot verify; promoting on presence alone would weaken it silently.
                pending(conditions, ConditionReasons.SECRET_NOT_FOUND, "the signature gate's public key is missing: "
                        + e.getMessage());
            } catch (RegistryAdminApi.AdminApiException e) {
                String message = "the Registry refused or did not answer the promotion: " + e.getMessage();
                conditions.set(ConditionTypes.PROMOTED, Condition.FALSE, ConditionReasons.PROMOTION_FAILED, message);
                conditions.progressing(ConditionReasons.PROMOTION_FAILED, message);
            }
        }
        next.setConditions(conditions.build());
        UpdateControl<PromotionRule> control;
        if (next.equals(rule.getStatus())) {
            control = UpdateControl.noUpdate();
        } else {
            rule.setStatus(next);
            rule.getMetadata().setResourceVersion(null);
            control = UpdateControl.patchStatus(rule);
        }
        return control.rescheduleAfter(settings.sliInterval().toMillis());
    }

    /** The PEM key the signature gate names, read from its Secret (the runtime verifies with it). */
    private static Optional<String> publicKey(Context<PromotionRule> context, PromotionRule rule) {
        var gates = rule.getSpec().getGates();
        if (gates == null || gates.getSignature() == null || gates.getSignature().getPublicKeySecretRef() == null) {
            return Optional.empty();
        }
        var ref = gates.getSignature().getPublicKeySecretRef();
        return Optional.of(RepositoryReconciler.secretValue(context.getClient(), rule.getMetadata().getNamespace(),
                ref.getName(), ref.getKey()));
    }

    private static void pending(StatusConditions conditions, String reason, String message) {
        conditions.set(ConditionTypes.GATES_PASSING, Condition.UNKNOWN, reason, "gates not evaluated: " + message);
        conditions.set(ConditionTypes.PROMOTED, Condition.FALSE, reason, message);
        conditions.progressing(reason, message);
    }

    /** Writes the runtime's report into the status and derives GatesPassing, Promoted and the kstatus trio. */
    static void apply(JsonNode report, PromotionRuleStatus status, StatusConditions conditions) {
        List<PromotedItem> promoted = new ArrayList<>();
        report.path("promoted").forEach(n -> promoted.add(JSON.convertValue(n, PromotedItem.class)));
        List<BlockedItem> blocked = new ArrayList<>();
        report.path("blocked").forEach(n -> blocked.add(JSON.convertValue(n, BlockedItem.class)));
        promoted.sort(Comparator.comparing(PromotedItem::getPromotedAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(PromotedItem::getName).thenComparing(PromotedItem::getVersion));
        status.setPromoted(promoted.stream().limit(MAX_LISTED).toList());
        status.setBlocked(blocked.stream().limit(MAX_LISTED).toList());
        status.setPromotedCount(promoted.size());
        status.setBlockedCount(blocked.size());

        List<BlockedItem> gated = blocked.stream().filter(b -> !NOT_GATES.contains(b.getGate())).toList();
        if (gated.isEmpty()) {
            conditions.set(ConditionTypes.GATES_PASSING, Condition.TRUE, ConditionReasons.ALL_GATES_PASSED,
                    promoted.size() + " version(s) passed every gate");
        } else {
            conditions.set(ConditionTypes.GATES_PASSING, Condition.FALSE, ConditionReasons.GATE_FAILED, summary(gated));
        }
        List<BlockedItem> conflicts = blocked.stream().filter(b -> b.getGate() == PromotionGateName.CONFLICT).toList();
        if (blocked.isEmpty()) {
            String message = promoted.size() + " version(s) promoted";
            conditions.set(ConditionTypes.PROMOTED, Condition.TRUE, ConditionReasons.ARTIFACTS_PROMOTED, message);
            conditions.ready(ConditionReasons.ARTIFACTS_PROMOTED, message);
        } else if (!conflicts.isEmpty()) {
            // The target holds other bytes under the same version, or the rule's digest is not the source's: a person decides.
            String message = summary(conflicts);
            conditions.set(ConditionTypes.PROMOTED, Condition.FALSE, ConditionReasons.PROMOTION_FAILED, message);
            conditions.stalled(ConditionReasons.PROMOTION_FAILED, message);
        } else {
            String message = promoted.size() + " version(s) promoted, " + blocked.size() + " waiting: " + summary(blocked);
            conditions.set(ConditionTypes.PROMOTED, Condition.FALSE, ConditionReasons.PROMOTION_PENDING, message);
            // Settled (nothing to retry by hand) yet not everything the spec asks for is done.
            conditions.acceptedNotActive(gated.isEmpty() ? ConditionReasons.PROMOTION_PENDING : ConditionReasons.GATE_FAILED, message);
        }
    }

    private static String summary(List<BlockedItem> items) {
        String listed = items.stream().limit(5).map(b -> b.getName() + " " + b.getVersion() + " (" + b.getGate().wireName()
                + ": " + b.getMessage() + ")").collect(Collectors.joining(", "));
        return items.size() > 5 ? listed + " and " + (items.size() - 5) + " more" : listed;
    }

    @Override
    public ErrorStatusUpdateControl<PromotionRule> updateErrorStatus(PromotionRule rule, Context<PromotionRule> context, Exception e) {
        LOG.warnf("PromotionRule %s: %s", Labels.ref(rule), e.toString());
        var conditions = StatusConditions.from(rule, clock).progressing(ConditionReasons.RECONCILE_ERROR, String.valueOf(e.getMessage()));
        PromotionRuleStatus status = rule.getStatus() == null ? new PromotionRuleStatus() : rule.getStatus();
        status.setConditions(conditions.build());
        rule.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(rule);
    }
}
