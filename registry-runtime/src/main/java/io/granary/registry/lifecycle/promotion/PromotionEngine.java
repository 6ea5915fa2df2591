package io.granary.registry.lifecycle.promotion;

import io.granary.api.v1alpha1.promotion.ArtifactReference;
import io.granary.api.v1alpha1.promotion.BlockedItem;
import io.granary.api.v1alpha1.promotion.PromotedItem;
import io.granary.api.v1alpha1.promotion.PromotionGateName;
import io.granary.api.v1alpha1.promotion.PromotionMode;
import io.granary.api.v1alpha1.promotion.PromotionRuleSpec;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.core.HostedAssets;
import io.granary.registry.core.HostedPackages;
import io.granary.registry.core.OciImages;
import io.granary.registry.core.WorkerCalls;
import io.granary.registry.lifecycle.Globs;
import io.granary.registry.lifecycle.promotion.PromotionStore.Refusal;
import io.granary.registry.metadata.RepositoryIds;
import io.granary.registry.metadata.StoredAsset;
import io.granary.registry.metadata.StoredPackageVersion;
import io.granary.registry.npm.NpmPackumentCache;
import io.granary.registry.storage.routing.RepositoryBlobStores;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a PromotionRule: selects versions in the source (OCI tags, npm package versions, file-based versions), checks the gates on each, copies those that
 * pass to the target (the same blobs, so digests match), marks them promoted and immutable there, and
 * removes them from the source in move mode. A version already promoted into the target is reported
 * as promoted and left alone, so re-applying a rule changes nothing.
 */
@ApplicationScoped
public class PromotionEngine {

    /** Files read from a file-based source per run at most; selectors beyond this see the first ones. */
    static final int MAX_SOURCE_FILES = 100_000;
    /** Versions a selector promotes per run at most. */
    static final int MAX_SELECTED = 1_000;

    private final HostedAssets assets;
    private final OciImages images;
    private final RepositoryIds ids;
    private final PromotionStore store;
    private final RepositoryBlobStores stores;
    private final OciUnits oci;
    private final CosignSignatures cosign;
    private final NpmPromotions npm;
    private final HostedPackages packages;
    private final NpmPackumentCache packuments;
    private final Clock clock = Clock.systemUTC();

    PromotionEngine(HostedAssets assets, OciImages images, RepositoryIds ids, PromotionStore store,
                    RepositoryBlobStores stores, NpmPromotions npm, HostedPackages packages, NpmPackumentCache packuments) {
        this.assets = assets;
        this.npm = npm;
        this.packages = packages;
        this.packuments = packuments;
        this.stores = stores;
        this.images = images;
        this.ids = ids;
        this.store = store;
        this.oci = new OciUnits(images, store);
        this.cosign = new CosignSignatures(images);
    }

    /** Formats this engine can promote. */
    static boolean supports(RepositoryFormat format) {
        return switch (format) {
            case OCI, MAVEN, GENERIC, HELM, PYPI, NPM -> true;
            default -> false;
        };
    }

    /** Runs the rule once; {@code publicKey}, when set, is the key the signature gate verifies against. */
    public Uni<PromotionReport> promote(String rule, PromotionRuleSpec spec, RepositoryDefinition from,
                                        RepositoryDefinition to, PublicKey publicKey) {
        Run run = new Run(rule, spec, from, to, publicKey);
        return ids.idOf(from.name(), from.format().wireName())
                .chain(sourceId -> ids.idOf(to.name(), to.format().wireName()).chain(targetId -> {
                    run.sourceId = sourceId;
                    run.targetId = targetId;
                    return candidates(run);
                }))
                .chain(selected -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Selected s : selected) {
                        chain = chain.chain(() -> run.handle(s));
                    }
                    return chain;
                })
                .map(x -> new PromotionReport(run.promoted, run.blocked, run.copied));
    }

    /** A version the rule asks for: resolved in the source (candidate) or not (null). */
    private record Selected(String name, String version, String expectedDigest, Candidate candidate) {
    }

    private Uni<List<Selected>> candidates(Run run) {
        RepositoryFormat format = run.from.format();
        if (format == RepositoryFormat.OCI) {
            if (!run.spec.getArtifacts().isEmpty()) {
                Uni<List<Selected>> chain = Uni.createFrom().item(new ArrayList<>());
                for (ArtifactReference ref : run.spec.getArtifacts()) {
                    chain = chain.chain(list -> oci.resolve(run.from, run.sourceId, ref.getName(), ref.getVersion())
                            .map(c -> {
                                list.add(new Selected(ref.getName(), ref.getVersion(), ref.getDigest(), c));
                                return list;
                            }));
                }
                return chain;
            }
            return store.imageTags(run.sourceId, MAX_SOURCE_FILES).chain(tags -> {
                Uni<List<Selected>> chain = Uni.createFrom().item(new ArrayList<>());
                for (String[] t : tags) {
                    if (!run.selects(t[0], t[1])) {
                        continue;
                    }
                    chain = chain.chain(list -> list.size() >= MAX_SELECTED ? Uni.createFrom().item(list)
                            : oci.resolve(run.from, run.sourceId, t[0], t[1]).map(c -> {
                                list.add(new Selected(t[0], t[1], null, c));
                                return list;
                            }));
                }
                return chain;
            });
        }
        Uni<List<Candidate>> listed = format == RepositoryFormat.NPM
                ? npm.versions(run.sourceId, MAX_SOURCE_FILES).map(rows -> rows.stream().map(NpmUnits::candidate).toList())
                : assets.listLabeledUnder(run.from, "", MAX_SOURCE_FILES)
                        .map(files -> AssetUnits.group(format, new ArrayList<>(files)));
        return listed.map(all -> {
            List<Selected> selected = new ArrayList<>();
            if (!run.spec.getArtifacts().isEmpty()) {
                for (ArtifactReference ref : run.spec.getArtifacts()) {
                    Candidate found = all.stream().filter(c -> AssetUnits.sameName(format, c.name(), ref.getName())
                            && c.version().equals(ref.getVersion())).findFirst().orElse(null);
                    selected.add(new Selected(ref.getName(), ref.getVersion(), ref.getDigest(), found));
                }
            } else {
                all.stream().filter(c -> run.selects(c.name(), c.version())).limit(MAX_SELECTED)
                        .forEach(c -> selected.add(new Selected(c.name(), c.version(), null, c)));
            }
            return selected;
        });
    }

    /** The state of one run. */
    private final class Run {
        final String rule;
        final PromotionRuleSpec spec;
        final RepositoryDefinition from;
        final RepositoryDefinition to;
        final PublicKey publicKey;
        final Globs names;
        final Globs versions;
        final Globs exclude;
        long sourceId;
        long targetId;
        final List<PromotedItem> promoted = new ArrayList<>();
        final List<BlockedItem> blocked = new ArrayList<>();
        int copied;

        Run(String rule, PromotionRuleSpec spec, RepositoryDefinition from, RepositoryDefinition to, PublicKey publicKey) {
            this.rule = rule;
            this.publicKey = publicKey;
            this.spec = spec;
            this.from = from;
            this.to = to;
            var selector = spec.getSelector();
            this.names = Globs.of(selector == null ? List.of() : selector.getNames());
            this.versions = Globs.of(selector == null ? List.of() : selector.getVersions());
            this.exclude = Globs.of(selector == null ? List.of() : selector.getExclude());
        }

        boolean selects(String name, String version) {
            return names.includes(name) && versions.includes(version) && !exclude.anyMatch(version);
        }

        Uni<Void> handle(Selected s) {
            String name = s.candidate() == null ? s.name() : s.candidate().name();
            return store.find(to.name(), name, s.version()).chain(done -> {
                if (done != null) {
                    // Promoted before (by this or another rule): report it, copy nothing.
                    if (s.expectedDigest() != null && !s.expectedDigest().equals(done.digest())) {
                        block(s, done.digest(), PromotionGateName.CONFLICT, "the target holds " + done.digest()
                                + ", the rule expects " + s.expectedDigest());
                    } else {
                        promoted.add(item(name, s.version(), done.digest(), done.promotedAt()));
                    }
                    return Uni.createFrom().voidItem();
                }
                Candidate c = s.candidate();
                if (c == null) {
                    block(s, null, PromotionGateName.NOT_FOUND, s.name() + " " + s.version() + " is not in " + from.name());
                    return Uni.createFrom().voidItem();
                }
                if (s.expectedDigest() != null && !s.expectedDigest().equals(c.digest())) {
                    block(s, c.digest(), PromotionGateName.CONFLICT, "the source holds " + c.digest() + ", the rule expects "
                            + s.expectedDigest());
                    return Uni.createFrom().voidItem();
                }
                return signatureProblem(c).chain(problem -> {
                    List<GateCheck.Failure> failures = GateCheck.failures(spec.getGates(), c, clock.instant(), problem);
                    if (!failures.isEmpty()) {
                        block(s, c.digest(), failures.get(0).gate(), failures.stream()
                                .map(f -> f.gate().wireName() + ": " + f.message()).collect(Collectors.joining("; ")));
                        return Uni.createFrom().voidItem();
                    }
                    return copy(c);
                });
            });
        }

        /**
         * Why the candidate's signatures fail verification against the rule's key, or null. Verified: cosign
         * signatures of images. Other formats' signatures (Maven .asc, Helm .prov) are still judged by presence.
         */
        private Uni<String> signatureProblem(Candidate c) {
            boolean verify = publicKey != null && c.oci() != null && c.evidence().signed() && spec.getGates() != null
                    && spec.getGates().getSignature() != null;
            return verify ? cosign.problem(from, c, publicKey) : Uni.createFrom().nullItem();
        }

        private Uni<Void> copy(Candidate c) {
            // One instant for the row and this report, so later runs (which report the row) say the same.
            Instant at = clock.instant();
            var record = new PromotionStore.Record(rule, from.name(), to.name(), c.name(), c.version(), c.digest(), at);
            Uni<Refusal> refusal = bytesToTarget(c).chain(() -> c.oci() != null
                    ? store.copyImage(sourceId, targetId, c.oci(), rule, record)
                            .map(message -> message == null ? null : new Refusal(PromotionGateName.CONFLICT, message))
                    : c.npm() != null ? npm.copy(sourceId, targetId, c.npm(), rule, record, to.quotaBytes())
                    : store.copyAssets(sourceId, targetId, c.paths(), rule, record, to.quotaBytes()));
            return refusal.chain(refused -> {
                if (refused != null) {
                    blocked.add(blockedItem(c.name(), c.version(), c.digest(), refused.gate(), refused.message()));
                    return Uni.createFrom().voidItem();
                }
                Uni<Void> forgotten = Uni.createFrom().voidItem();
                if (c.npm() != null) {
                    packuments.invalidate(to.name(), c.name());
                } else if (c.oci() == null) {
                    // The rows were written behind HostedAssets: the target's cached listings (a PyPI
                    // project page, a chart's versions) must show the promoted files.
                    forgotten = assets.forget(to, c.paths());
                }
                copied++;
                promoted.add(item(c.name(), c.version(), c.digest(), at));
                return forgotten.chain(() -> spec.getMode() == PromotionMode.MOVE ? removeFromSource(c)
                        : Uni.createFrom().voidItem());
            });
        }

        /**
         * Makes the target's store hold the candidate's bytes before its rows point at them: a no-op
         * when one store serves both repositories, a server-side copy when each has its own bucket.
         */
        private Uni<Void> bytesToTarget(Candidate c) {
            Uni<List<String>> digests = c.oci() != null
                    ? Uni.createFrom().item(Stream.concat(c.oci().manifests().stream(), c.oci().blobs().stream()).toList())
                    : c.paths().isEmpty() ? Uni.createFrom().item(List.<String>of())
                    : Uni.join().all(c.paths().stream().map(path -> assets.find(from, path)).toList()).andFailFast()
                            .map(found -> found.stream().filter(Objects::nonNull).map(StoredAsset::sha256).toList());
            return digests.chain(shas -> WorkerCalls.run(() -> {
                for (String sha256 : shas) {
                    stores.copy(sha256, from.name(), to.name());
                }
                return null;
            })).replaceWithVoid();
        }

        private Uni<Void> removeFromSource(Candidate c) {
            if (c.oci() != null) {
                // The tag goes; the untagged manifest stays for retention to collect (other tags may share it).
                Uni<Void> chain = images.deleteTag(from, c.oci().image(), c.oci().tag()).replaceWithVoid();
                for (String extra : c.oci().extraTags().keySet()) {
                    chain = chain.chain(() -> images.deleteTag(from, c.oci().image(), extra).replaceWithVoid());
                }
                return chain;
            }
            if (c.npm() != null) {
                return removeNpmVersion(c.npm());
            }
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String path : c.paths()) {
                chain = chain.chain(() -> assets.delete(from, path).replaceWithVoid());
            }
            return chain;
        }

        /** Unpublishes the version from the source; {@code latest} moves to the highest version left there. */
        private Uni<Void> removeNpmVersion(NpmPromotions.VersionRow v) {
            return packages.revise(from, v.namespace(), v.name(), Map.of(), Set.of(v.version()), Map.of(), Set.of())
                    .chain(() -> packages.find(from, v.namespace(), v.name()))
                    .chain(left -> left == null || left.tags().containsKey(NpmDistTags.LATEST) ? Uni.createFrom().voidItem()
                            : packages.setTag(from, v.namespace(), v.name(), NpmDistTags.LATEST, NpmDistTags.latestOf(
                                    left.versions().stream().map(StoredPackageVersion::version).toList())).replaceWithVoid())
                    .invoke(() -> packuments.invalidate(from.name(), v.fullName()));
        }

        private void block(Selected s, String digest, PromotionGateName gate, String message) {
            blocked.add(blockedItem(s.name(), s.version(), digest, gate, message));
        }
    }

    private static PromotedItem item(String name, String version, String digest, Instant at) {
        PromotedItem item = new PromotedItem();
        item.setName(name);
        item.setVersion(version);
        item.setDigest(digest);
        item.setPromotedAt(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        return item;
    }

    private static BlockedItem blockedItem(String name, String version, String digest, PromotionGateName gate, String message) {
        BlockedItem item = new BlockedItem();
        item.setName(name);
        item.setVersion(version);
        item.setDigest(digest);
        item.setGate(gate);
        item.setMessage(message);
        return item;
    }
}
