package io.granary.registry.group;

import io.granary.registry.maven.MavenMetadataRenderer;
import io.granary.registry.maven.MavenPath;
import io.granary.registry.maven.MavenXml;
import io.granary.registry.storage.ChecksumAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * {@code maven-metadata.xml} of a group: artifact-level documents are merged (union of versions,
 * latest and release by Maven's version order, newest lastUpdated), a SNAPSHOT folder's document is
 * the newest member's, group-level plugin lists are united. A checksum file asked for is the
 * checksum of the merged bytes, so clients verifying it see consistent files.
 */
final class MavenMetadataMerge implements MetadataMerge {

    private final Optional<ChecksumAlgorithm> checksum;

    MavenMetadataMerge(Optional<ChecksumAlgorithm> checksum) {
        this.checksum = checksum;
    }

    /** The merge for {@code rest} when it names maven-metadata.xml or one of its checksums, else null. */
    static MavenMetadataMerge forPath(String rest) {
        try {
            MavenPath path = MavenPath.parse(rest);
            return path.coordinates() == null ? new MavenMetadataMerge(path.checksum()) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String memberPath(String rest) {
        return MavenPath.parse(rest).file();
    }

    @Override
    public Merged merge(GroupRequest request, List<MemberBody> bodies) {
        List<Document> documents = new ArrayList<>();
        for (MemberBody body : bodies) {
            documents.add(MavenXml.parse(body.bytes(), "metadata").orElseThrow(() -> new IllegalArgumentException(
                    "maven-metadata.xml of " + body.member() + " is not well-formed")));
        }
        byte[] xml = documents.size() == 1 ? bodies.get(0).bytes() : merge(documents, bodies);
        if (checksum.isEmpty()) {
            return new Merged("application/xml", xml);
        }
        return new Merged("text/plain", hex(checksum.get(), xml).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] merge(List<Document> documents, List<MemberBody> bodies) {
        Element first = documents.get(0).getDocumentElement();
        if (child(first, "versioning").map(v -> child(v, "snapshot").isPresent()).orElse(false)) {
            return bodies.get(newest(documents)).bytes();
        }
        if (child(first, "versioning").isEmpty() && child(first, "plugins").isPresent()) {
            return plugins(first, documents);
        }
        TreeSet<String> versions = new TreeSet<>(MavenMetadataRenderer.VERSION_ORDER);
        String lastUpdated = "";
        for (Document document : documents) {
            Optional<Element> versioning = child(document.getDocumentElement(), "versioning");
            if (versioning.isEmpty()) {
                continue;
            }
            child(versioning.get(), "versions").ifPresent(list -> texts(list, "version").forEach(versions::add));
            String updated = child(versioning.get(), "lastUpdated").map(Node::getTextContent).orElse("").strip();
            lastUpdated = updated.compareTo(lastUpdated) > 0 ? updated : lastUpdated;
        }
        StringBuilder xml = header(first);
        if (!versions.isEmpty()) {
            xml.append("  <versioning>\n    <latest>").append(escape(versions.last())).append("</latest>\n");
            versions.descendingSet().stream().filter(v -> !v.endsWith("-SNAPSHOT")).findFirst()
                    .ifPresent(r -> xml.append("    <release>").append(escape(r)).append("</release>\n"));
            xml.append("    <versions>\n");
            versions.forEach(v -> xml.append("      <version>").append(escape(v)).append("</version>\n"));
            xml.append("    </versions>\n");
            if (!lastUpdated.isEmpty()) {
                xml.append("    <lastUpdated>").append(escape(lastUpdated)).append("</lastUpdated>\n");
            }
            xml.append("  </versioning>\n");
        }
        return xml.append("</metadata>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Group-level metadata: every plugin prefix, the first member's entry winning. */
    private static byte[] plugins(Element first, List<Document> documents) {
        Map<String, Element> byArtifact = new LinkedHashMap<>();
        for (Document document : documents) {
            child(document.getDocumentElement(), "plugins").ifPresent(list -> elements(list, "plugin").forEach(p ->
                    byArtifact.putIfAbsent(child(p, "artifactId").map(Node::getTextContent).orElse(""), p)));
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n");
        child(first, "groupId").ifPresent(g -> xml.append("  <groupId>").append(escape(g.getTextContent().strip()))
                .append("</groupId>\n"));
        xml.append("  <plugins>\n");
        byArtifact.values().forEach(p -> {
            xml.append("    <plugin>\n");
            for (String field : List.of("name", "prefix", "artifactId")) {
                child(p, field).ifPresent(f -> xml.append("      <").append(field).append('>')
                        .append(escape(f.getTextContent().strip())).append("</").append(field).append(">\n"));
            }
            xml.append("    </plugin>\n");
        });
        return xml.append("  </plugins>\n</metadata>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Index of the document whose versioning/lastUpdated is the newest. */
    private static int newest(List<Document> documents) {
        int best = 0;
        String bestUpdated = "";
        for (int i = 0; i < documents.size(); i++) {
            String updated = child(documents.get(i).getDocumentElement(), "versioning")
                    .flatMap(v -> child(v, "lastUpdated")).map(Node::getTextContent).orElse("").strip();
            if (updated.compareTo(bestUpdated) > 0) {
                best = i;
                bestUpdated = updated;
            }
        }
        return best;
    }

    private static StringBuilder header(Element root) {
        StringBuilder xml = new StringBuilder(512).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n");
        for (String field : List.of("groupId", "artifactId", "version")) {
            child(root, field).ifPresent(f -> xml.append("  <").append(field).append('>')
                    .append(escape(f.getTextContent().strip())).append("</").append(field).append(">\n"));
        }
        return xml;
    }

    private static Optional<Element> child(Element parent, String name) {
        return elements(parent, name).stream().findFirst();
    }

    private static List<Element> elements(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName()
                    : e.getTagName())) {
                found.add(e);
            }
        }
        return found;
    }

    private static List<String> texts(Element parent, String name) {
        return elements(parent, name).stream().map(e -> e.getTextContent().strip()).filter(t -> !t.isEmpty()).toList();
    }

    static String hex(ChecksumAlgorithm algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm.jcaName()).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
