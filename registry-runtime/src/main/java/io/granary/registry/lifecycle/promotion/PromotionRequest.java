package io.granary.registry.lifecycle.promotion;

import io.granary.api.v1alpha1.promotion.PromotionRuleSpec;

/** The body of {@code POST /api/v1/promotions}: the rule's name (recorded on every promoted item) and its spec. */
public record PromotionRequest(String rule, PromotionRuleSpec spec) {
}
