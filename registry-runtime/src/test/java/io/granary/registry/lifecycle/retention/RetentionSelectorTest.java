package io.granary.registry.lifecycle.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.granary.api.v1alpha1.retention.RetentionRules;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every rule that is set must allow a deletion; protection always wins. */
class RetentionSelectorTest {

    private static final Instant NOW = Instant.parse("2026-11-28T00:00:00Z");
    private static final Comparator<RetentionItem> BY_VERSION = Comparator.comparing(RetentionItem::version,
            SemverOrder.INSTANCE);

    private static RetentionItem version(String artifact, String version, int ageDays, Integer downloadedDaysAgo) {
        return new RetentionItem(artifact, version, RetentionItem.Kind.VERSION, SemverOrder.prerelease(version),
                NOW.minus(Duration.ofDays(ageDays)), downloadedDaysAgo == null ? null : NOW.minus(Duration.ofDays(downloadedDaysAgo)),
                10, null, List.of(artifact + "/" + version));
    }

    private static List<String> select(RetentionRules rules, List<RetentionItem> items) {
        return RetentionSelector.select(RetentionRuleSet.of(rules), items, BY_VERSION, NOW).stream()
                .map(c -> c.item().artifact() + "@" + c.item().version()).toList();
    }

    @Test
    void keepLastCountsPerArtifactInVersionOrder() {
        RetentionRules rules = new RetentionRules();
        rules.setKeepLastVersions(1);
        assertThat(select(rules, List.of(version("a", "1.10.0", 1, null), version("a", "1.9.0", 1, null),
                version("b", "0.1.0", 1, null)))).containsExactly("a@1.9.0");
    }

    @Test
    void maxAgeDownloadsExcludesAndProtectionAllMustAllow() {
        RetentionRules rules = new RetentionRules();
        rules.setKeepLastVersions(0);
        rules.setMaxAge("30d");
        rules.setKeepDownloadedWithin("7d");
        rules.setExclude(List.of("*-keep"));
        List<RetentionItem> items = List.of(version("a", "1.0.0", 40, null), version("a", "1.1.0", 10, null),
                version("a", "1.2.0", 40, 2), version("a", "1.3.0", 40, 20), version("a", "1.4.0-keep", 40, null),
                version("a", "1.5.0", 40, null).protectedBy("promoted by r"));
        assertThat(select(rules, items)).containsExactlyInAnyOrder("a@1.0.0", "a@1.3.0");
    }

    @Test
    void snapshotsOnlyAndIncludePatternsNarrowTheScope() {
        RetentionRules rules = new RetentionRules();
        rules.setKeepLastVersions(1);
        rules.setSnapshotsOnly(true);
        rules.setInclude(List.of("com.acme:*"));
        assertThat(select(rules, List.of(version("com.acme:x", "1.0.0-rc.1", 1, null), version("com.acme:x", "1.0.0-rc.2", 1, null),
                version("com.acme:x", "0.9.0", 1, null), version("org.other:y", "1.0.0-rc.1", 1, null),
                version("org.other:y", "1.0.0-rc.2", 1, null)))).containsExactly("com.acme:x@1.0.0-rc.1");
    }

    @Test
    void snapshotBuildsOfADeletedVersionAreNotListedTwice() {
        RetentionRules rules = new RetentionRules();
        rules.setKeepLastVersions(1);
        rules.setKeepLastSnapshotBuilds(1);
        RetentionItem build1 = new RetentionItem("g:a:1.0-SNAPSHOT", "20250101.100000-1", RetentionItem.Kind.SNAPSHOT_BUILD,
                true, NOW, null, 1, null, List.of("b1"));
        RetentionItem build2 = new RetentionItem("g:a:1.0-SNAPSHOT", "20250101.100000-2", RetentionItem.Kind.SNAPSHOT_BUILD,
                true, NOW, null, 1, null, List.of("b2"));
        RetentionItem b21 = new RetentionItem("g:a:2.0-SNAPSHOT", "20250102.100000-1", RetentionItem.Kind.SNAPSHOT_BUILD,
                true, NOW, null, 1, null, List.of("c1"));
        RetentionItem b210 = new RetentionItem("g:a:2.0-SNAPSHOT", "20250102.100000-10", RetentionItem.Kind.SNAPSHOT_BUILD,
                true, NOW, null, 1, null, List.of("c10"));
        List<String> selected = RetentionSelector.select(RetentionRuleSet.of(rules), List.of(
                        new RetentionItem("g:a", "1.0-SNAPSHOT", RetentionItem.Kind.VERSION, true, NOW, null, 2, null, List.of("v1")),
                        new RetentionItem("g:a", "2.0-SNAPSHOT", RetentionItem.Kind.VERSION, true, NOW, null, 2, null, List.of("v2")),
                        build1, build2, b21, b210),
                Comparator.comparing(i -> new org.apache.maven.artifact.versioning.ComparableVersion(i.version())), NOW)
                .stream().map(c -> c.item().artifact() + "@" + c.item().version()).toList();
        // 1.0-SNAPSHOT goes whole; of 2.0-SNAPSHOT's builds, number 10 is the newest (numeric, not text, order).
        assertThat(selected).containsExactlyInAnyOrder("g:a@1.0-SNAPSHOT", "g:a:2.0-SNAPSHOT@20250102.100000-1");
    }

    @Test
    void unboundedRulesAreRefused() {
        RetentionRules rules = new RetentionRules();
        rules.setInclude(List.of("x"));
        assertThatThrownBy(() -> RetentionRuleSet.of(rules)).hasMessageContaining("keepLastVersions");
        rules.setMaxAge("soon");
        assertThatThrownBy(() -> RetentionRuleSet.of(rules)).hasMessageContaining("maxAge");
    }
}
