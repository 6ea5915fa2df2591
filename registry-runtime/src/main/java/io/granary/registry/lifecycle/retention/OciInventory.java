package io.granary.registry.lifecycle.retention;

import io.granary.registry.catalog.RepositoryDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OCI repositories: each tag is a version of its image, newest by tag time; deleting a tag also
 * deletes its manifest (and the manifest's referrers) once nothing else points at it. Untagged
 * manifests that no index references and that are not referrers of a kept manifest are items of
 * their own, for the untaggedManifests rule.
 */
final class OciInventory {

    private OciInventory() {
    }

    static List<RetentionItem> items(RepositoryDefinition repository, List<RetentionQueries.ManifestRow> manifests,
                                     List<RetentionQueries.TagRow> tags) {
        Map<String, RetentionQueries.ManifestRow> byKey = new HashMap<>();
        Set<String> legacyImages = new HashSet<>();
        for (var m : manifests) {
            byKey.put(m.image() + "@" + m.sha256(), m);
            if (!m.refsRecorded()) {
                legacyImages.add(m.image());
            }
        }
        Set<String> tagged = new HashSet<>();
        List<RetentionItem> items = new ArrayList<>();
        for (var tag : tags) {
            var m = byKey.get(tag.scope() + "@" + tag.target());
            if (m == null) {
                continue;
            }
            tagged.add(tag.scope() + "@" + tag.target());
            String protection = tag.promotedBy() != null ? "promoted by " + tag.promotedBy()
                    : promoted(m) ? "promoted" : repository.isImmutable(tag.scope() + ":" + tag.name())
                    ? "immutable tag" : null;
            items.add(new RetentionItem(tag.scope(), tag.name(), RetentionItem.Kind.VERSION, false, tag.updatedAt(), null,
                    m.size() + m.referencedBytes(), protection, List.of(tag.scope(), tag.name(), m.sha256())));
        }
        for (var m : manifests) {
            String key = m.image() + "@" + m.sha256();
            boolean referrerOfLiving = m.subject() != null && byKey.containsKey(m.image() + "@" + m.subject());
            // In images with manifests from before recorded references, index children are unknown: keep all.
            if (tagged.contains(key) || m.referenced() || referrerOfLiving || legacyImages.contains(m.image())) {
                continue;
            }
            items.add(new RetentionItem(m.image(), "sha256:" + m.sha256(), RetentionItem.Kind.UNTAGGED_MANIFEST, false,
                    m.createdAt(), null, m.size() + m.referencedBytes(), promoted(m) ? "promoted" : null,
                    List.of(m.image(), m.sha256())));
        }
        return items;
    }

    static Comparator<RetentionItem> versionOrder() {
        return Comparator.comparing(RetentionItem::pushedAt).thenComparing(RetentionItem::version);
    }

    private static boolean promoted(RetentionQueries.ManifestRow m) {
        return m.annotations() != null && m.annotations().contains("\"" + RetentionQueries.PROMOTED_BY + "\"");
    }
}
