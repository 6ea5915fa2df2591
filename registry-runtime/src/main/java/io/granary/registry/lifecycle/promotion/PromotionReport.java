package io.granary.registry.lifecycle.promotion;

import io.granary.api.v1alpha1.promotion.BlockedItem;
import io.granary.api.v1alpha1.promotion.PromotedItem;
import java.util.List;

/**
 * What a promotion run found: every selected version either promoted (now or by an earlier run, with
 * its digest) or blocked with its failing gate; {@code copied} counts the versions this run wrote.
 */
public record PromotionReport(List<PromotedItem> promoted, List<BlockedItem> blocked, int copied) {
}
