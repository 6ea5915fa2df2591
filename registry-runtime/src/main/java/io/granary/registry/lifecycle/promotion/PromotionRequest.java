package io.granary.registry.lifecycle.promotion;

import io.granary.api.v1alpha1.promotion.PromotionRuleSpec;

/**
 * The body of {@code POST /api/v1/promotions}: the rule's name (recorded on every promoted item), its spec, and
 * the PEM public key of the signature gate when the rule names one (the operator reads it from the Secret the
 * gate references; the runtime has no access to Secrets). With a key, OCI signatures are verified, not only found.
 */
public record PromotionRequest(String rule, PromotionRuleSpec spec, String publicKey) {
}
