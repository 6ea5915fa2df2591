package io.granary.registry.lifecycle.promotion;

import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.registry.metadata.LabeledAsset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups the files of a file-based repository (Maven, generic, Helm, PyPI) into artifact versions, the
 * unit a promotion copies. Each format names its versions as its clients do:
 * <ul>
 *   <li>Maven: {@code group:artifact} and version, every file of the version folder (jar, pom, .asc, SBOMs);</li>
 *   <li>generic: folder path and the folder below it ({@code tools/cli} + {@code 1.0} = {@code tools/cli/1.0/**});</li>
 *   <li>Helm: chart name and version, the archive and its {@code .prov};</li>
 *   <li>PyPI: project (any spelling, PEP 503 normalised) and version, every distribution with its
 *       {@code .metadata}/{@code .asc} files.</li>
 * </ul>
 * Files that extend another file's name ({@code x.tgz.prov}, {@code x.whl.asc}) belong to that file's version.
 */
final class AssetUnits {

    private record Key(String name, String version) {
    }

    private AssetUnits() {
    }

    /** The versions the assets form, in name/version order. */
    static List<Candidate> group(RepositoryFormat format, List<LabeledAsset> assets) {
        Map<Key, List<LabeledAsset>> units = new TreeMap<>(Comparator.comparing(Key::name).thenComparing(Key::version));
        Map<String, Key> byPath = new LinkedHashMap<>();
        List<LabeledAsset> attachments = new ArrayList<>();
        for (LabeledAsset asset : assets) {
            Key key = keyOf(format, asset);
            if (key == null) {
                attachments.add(asset);
            } else {
                units.computeIfAbsent(key, k -> new ArrayList<>()).add(asset);
                byPath.put(asset.asset().path(), key);
            }
        }
        for (LabeledAsset extra : attachments) {
            String path = extra.asset().path();
            byPath.entrySet().stream().filter(e -> path.startsWith(e.getKey()) && path.length() > e.getKey().length())
                    .findFirst().ifPresent(e -> units.get(e.getValue()).add(extra));
        }
        List<Candidate> candidates = new ArrayList<>();
        units.forEach((key, files) -> candidates.add(candidate(format, key, files)));
        return candidates;
    }

    /** Names compare as the format's clients compare them (PyPI normalises). */
    static boolean sameName(RepositoryFormat format, String a, String b) {
        return format == RepositoryFormat.PYPI ? pep503(a).equals(pep503(b)) : a.equals(b);
    }

    private static Key keyOf(RepositoryFormat format, LabeledAsset labeled) {
        String path = labeled.asset().path();
        return switch (format) {
            case MAVEN -> maven(path);
            case GENERIC -> generic(path);
            case HELM -> labeled.property("helm.name") == null ? null
                    : new Key(labeled.property("helm.name"), labeled.property("helm.version"));
            case PYPI -> labeled.property("pypi.name") == null ? null
                    : new Key(pep503(labeled.property("pypi.name")), labeled.property("pypi.version"));
            default -> null;
        };
    }

    private static Key maven(String path) {
        String[] parts = path.split("/");
        // group segments, artifact, version, file: at least one group segment.
        if (parts.length < 4 || parts[parts.length - 1].startsWith("maven-metadata.xml")) {
            return null;
        }
        String version = parts[parts.length - 2];
        String artifact = parts[parts.length - 3];
        String group = String.join(".", java.util.Arrays.copyOfRange(parts, 0, parts.length - 3));
        return new Key(group + ":" + artifact, version);
    }

    private static Key generic(String path) {
        int file = path.lastIndexOf('/');
        if (file <= 0) {
            return null;
        }
        String folder = path.substring(0, file);
        int version = folder.lastIndexOf('/');
        return version <= 0 ? null : new Key(folder.substring(0, version), folder.substring(version + 1));
    }

    private static Candidate candidate(RepositoryFormat format, Key key, List<LabeledAsset> files) {
        files.sort(Comparator.comparing(f -> f.asset().path()));
        LabeledAsset main = files.stream().filter(f -> isMain(format, key, f)).findFirst().orElse(files.get(0));
        Instant newest = files.stream().map(f -> f.asset().createdAt()).max(Comparator.naturalOrder()).orElseThrow();
        Map<String, String> properties = new TreeMap<>();
        Evidence evidence = Evidence.NONE;
        for (LabeledAsset f : files) {
            f.properties().forEach(properties::putIfAbsent);
            evidence = evidence.and(Evidence.ofFileName(f.asset().path()))
                    .and(Evidence.report(f.property(Evidence.SEVERITY_PROPERTY)));
        }
        return new Candidate(key.name(), key.version(), "sha256:" + main.asset().sha256(), newest, properties, evidence,
                files.stream().map(f -> f.asset().path()).toList(), null, null);
    }

    /** The file whose digest stands for the version: the Maven jar (else pom), the chart, a distribution. */
    private static boolean isMain(RepositoryFormat format, Key key, LabeledAsset f) {
        String name = f.asset().path().substring(f.asset().path().lastIndexOf('/') + 1);
        if (format == RepositoryFormat.MAVEN) {
            String base = key.name().substring(key.name().indexOf(':') + 1) + "-" + key.version();
            return name.equals(base + ".jar") || name.equals(base + ".pom");
        }
        return !Evidence.ofFileName(name).signed() && !name.endsWith(".metadata");
    }

    private static String pep503(String name) {
        return name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
    }
}
