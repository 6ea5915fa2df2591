package io.granary.registry.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.granary.api.v1alpha1.repository.RepositoryFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryRepositoryCatalogTest {

    private static final String MALFORMED =
            "apiVersion: granary.io/v1alpha1\nkind: Repository\nmetadata: {name: one\n  spec: [\n";

    @TempDir
    Path dir;

    private DirectoryRepositoryCatalog catalog;
    /** Each write gets a later mtime, so a rescan never misses a change within the filesystem's granularity. */
    private Instant mtime = Instant.parse("2024-01-01T00:00:00Z");

    @BeforeEach
    void setUp() {
        catalog = new DirectoryRepositoryCatalog(dir);
    }

    @Test
    void emptyDirectoryServesNothing() {
        assertThat(catalog.rescan()).isFalse();
        assertThat(catalog.all()).isEmpty();
    }

    @Test
    void missingDirectoryServesNothing() {
        DirectoryRepositoryCatalog missing = new DirectoryRepositoryCatalog(dir.resolve("does-not-exist"));

        assertThat(missing.rescan()).isFalse();
        assertThat(missing.all()).isEmpty();
    }

    @Test
    void readsEveryRepositoryOfAMultiDocumentFile() throws IOException {
        write("repos.yaml", repository("one", "generic") + "---\n" + repository("two", "maven"));

        catalog.rescan();

        assertThat(names()).containsExactlyInAnyOrder("one", "two");
        assertThat(catalog.find("two").orElseThrow().format()).isEqualTo(RepositoryFormat.MAVEN);
    }

    @Test
    void skipsDocumentsOfOtherKindsAndEmptyDocuments() throws IOException {
        write("mixed.yaml", """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: not-a-repository}
                data: {format: generic}
                ---
                # only a comment
                ---
                """ + repository("kept", "generic") + """
                ---
                apiVersion: granary.io/v1alpha1
                kind: Registry
                metadata: {name: default}
                spec: {}
                """);

        catalog.rescan();

        assertThat(names()).containsExactly("kept");
    }

    @Test
    void readsYmlFilesAndIgnoresOtherExtensions() throws IOException {
        write("a.yml", repository("from-yml", "generic"));
        write("b.txt", repository("from-txt", "generic"));
        write("c.yaml.bak", repository("from-backup", "generic"));

        catalog.rescan();

        assertThat(names()).containsExactly("from-yml");
    }

    @Test
    void findReturnsEmptyForAnUnknownName() throws IOException {
        write("repos.yaml", repository("one", "generic"));
        catalog.rescan();

        assertThat(catalog.find("two")).isEmpty();
    }

    @Test
    void rescanPicksUpANewFile() throws IOException {
        write("a.yaml", repository("one", "generic"));
        catalog.rescan();

        write("b.yaml", repository("two", "generic"));

        assertThat(catalog.rescan()).isTrue();
        assertThat(names()).containsExactlyInAnyOrder("one", "two");
    }

    @Test
    void rescanPicksUpAChangedFile() throws IOException {
        write("a.yaml", repository("one", "generic"));
        catalog.rescan();

        write("a.yaml", repository("one", "generic") + "  access: {anonymousRead: true}\n");

        assertThat(catalog.rescan()).isTrue();
        assertThat(catalog.find("one").orElseThrow().anonymousRead()).isTrue();
    }

    @Test
    void rescanDropsRepositoriesRenamedInAChangedFile() throws IOException {
        write("a.yaml", repository("old-name", "generic"));
        catalog.rescan();

        write("a.yaml", repository("new-name", "generic"));
        catalog.rescan();

        assertThat(names()).containsExactly("new-name");
    }

    @Test
    void rescanDropsTheRepositoriesOfARemovedFile() throws IOException {
        write("a.yaml", repository("one", "generic"));
        write("b.yaml", repository("two", "generic"));
        catalog.rescan();

        Files.delete(dir.resolve("b.yaml"));

        assertThat(catalog.rescan()).isTrue();
        assertThat(names()).containsExactly("one");
    }

    @Test
    void rescanWithoutChangesReportsNoChange() throws IOException {
        write("a.yaml", repository("one", "generic"));
        assertThat(catalog.rescan()).isTrue();

        assertThat(catalog.rescan()).isFalse();
        assertThat(names()).containsExactly("one");
    }

    @Test
    void fileWithAnInvalidRepositoryKeepsItsPreviousRepositories() throws IOException {
        write("a.yaml", repository("one", "generic") + "---\n" + repository("two", "generic"));
        catalog.rescan();

        // "two" loses its format: the whole file is refused, "one" is not re-read either.
        write("a.yaml", repository("one", "maven") + "---\n"
                + "apiVersion: granary.io/v1alpha1\nkind: Repository\nmetadata: {name: two}\nspec: {type: hosted}\n");

        assertThat(catalog.rescan()).isFalse();
        assertThat(names()).containsExactlyInAnyOrder("one", "two");
        assertThat(catalog.find("one").orElseThrow().format()).isEqualTo(RepositoryFormat.GENERIC);
    }

    @Test
    void fileWithAnUnknownFormatKeepsItsPreviousRepositories() throws IOException {
        write("a.yaml", repository("one", "generic"));
        catalog.rescan();

        write("a.yaml", repository("one", "cobol"));

        assertThat(catalog.rescan()).isFalse();
        assertThat(catalog.find("one").orElseThrow().format()).isEqualTo(RepositoryFormat.GENERIC);
    }

    @Test
    void invalidFileIsReadAgainOnceFixed() throws IOException {
        write("a.yaml", repository("one", "generic"));
        catalog.rescan();
        write("a.yaml", repository("one", "cobol"));
        catalog.rescan();

        write("a.yaml", repository("one", "npm"));

        assertThat(catalog.rescan()).isTrue();
        assertThat(catalog.find("one").orElseThrow().format()).isEqualTo(RepositoryFormat.NPM);
    }

    // --- malformed YAML (a syntax error, not an invalid Repository) ---

    @Test
    void malformedYamlKeepsThePreviousRepositories() throws IOException {
        write("a.yaml", repository("one", "generic"));
        catalog.rescan();

        write("a.yaml", MALFORMED);

        assertThat(catalog.rescan()).isFalse();
        assertThat(catalog.find("one")).isPresent();
    }

    /** A broken file must not stop the same rescan from publishing a removal elsewhere. */
    @Test
    void malformedYamlDoesNotHideOtherChangesOfTheSameRescan() throws IOException {
        write("a.yaml", repository("one", "generic"));
        write("b.yaml", repository("two", "generic"));
        catalog.rescan();
        Files.delete(dir.resolve("a.yaml"));
        write("b.yaml", MALFORMED);

        assertThat(catalog.rescan()).isTrue();

        assertThat(names()).containsExactly("two");
    }

    @Test
    void nameDeclaredTwiceKeepsTheDefinitionFromTheFirstFileByName() throws IOException {
        write("b.yaml", repository("shared", "maven"));
        write("a.yaml", repository("shared", "generic"));

        catalog.rescan();

        assertThat(catalog.all()).hasSize(1);
        assertThat(catalog.find("shared").orElseThrow().format()).isEqualTo(RepositoryFormat.GENERIC);
    }

    @Test
    void secondDeclarationTakesOverWhenTheFirstFileIsRemoved() throws IOException {
        write("a.yaml", repository("shared", "generic"));
        write("b.yaml", repository("shared", "maven"));
        catalog.rescan();

        Files.delete(dir.resolve("a.yaml"));
        catalog.rescan();

        assertThat(catalog.find("shared").orElseThrow().format()).isEqualTo(RepositoryFormat.MAVEN);
    }

    @Test
    void listenerIsCalledWithTheNewSetAfterAChange() throws IOException {
        List<List<String>> calls = new ArrayList<>();
        catalog.onChange(all -> calls.add(namesOf(all)));
        write("a.yaml", repository("one", "generic"));
        catalog.rescan();

        write("b.yaml", repository("two", "generic"));
        catalog.rescan();

        assertThat(calls).hasSize(2);
        assertThat(calls.get(0)).containsExactly("one");
        assertThat(calls.get(1)).containsExactlyInAnyOrder("one", "two");
    }

    @Test
    void listenerIsNotCalledWhenNothingChanged() throws IOException {
        write("a.yaml", repository("one", "generic"));
        catalog.rescan();
        List<Collection<RepositoryDefinition>> calls = new ArrayList<>();
        catalog.onChange(calls::add);

        catalog.rescan();

        assertThat(calls).isEmpty();
    }

    @Test
    void listenerIsCalledWhenAFileIsRemoved() throws IOException {
        write("a.yaml", repository("one", "generic"));
        catalog.rescan();
        List<List<String>> calls = new ArrayList<>();
        catalog.onChange(all -> calls.add(namesOf(all)));

        Files.delete(dir.resolve("a.yaml"));
        catalog.rescan();

        assertThat(calls).containsExactly(List.of());
    }

    private static String repository(String name, String format) {
        return """
                apiVersion: granary.io/v1alpha1
                kind: Repository
                metadata: {name: %s}
                spec:
                  format: %s
                """.formatted(name, format);
    }

    private void write(String fileName, String content) throws IOException {
        Path file = dir.resolve(fileName);
        Files.writeString(file, content);
        mtime = mtime.plusSeconds(10);
        Files.setLastModifiedTime(file, FileTime.from(mtime));
    }

    private List<String> names() {
        return namesOf(catalog.all());
    }

    private static List<String> namesOf(Collection<RepositoryDefinition> definitions) {
        return definitions.stream().map(RepositoryDefinition::name).toList();
    }
}
