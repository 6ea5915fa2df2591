package io.granary.registry.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AssetPathTest {

    // --- refused: each group asserts the reason, so a path is refused by the check meant for it ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"..", "a/../b", "../a", "a/..", "%2e%2e", "%2E%2e/x", ".%2e", "%2e.", "%2e", ".",
        "./a", "a/./b", "a/.", "%2e%2e/"})
    void refusesDotSegmentsInEverySpelling(String raw) {
        assertRefused(raw, "'.' or '..' segments");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"%2F", "%2f", "a%2fb", "a%2Fb", "%2e%2e%2fx"})
    void refusesEncodedSlashes(String raw) {
        assertRefused(raw, "encoded slashes or backslashes");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a\\b", "..\\x", "%5c", "%5C", "a%5cb"})
    void refusesBackslashesRawAndEncoded(String raw) {
        assertRefused(raw, "encoded slashes or backslashes");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"..;/x", "a;b", "a/b;jsessionid=1"})
    void refusesPathParameters(String raw) {
        assertRefused(raw, "';'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "/a", "/a/b.txt"})
    void refusesAbsolutePaths(String raw) {
        assertRefused(raw, "relative to the repository");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a//b", "a//", "a/b//c"})
    void refusesEmptySegments(String raw) {
        assertRefused(raw, "empty segments");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"%00", "a%00b", "a.txt%00.jpg", "%01", "%1F", "%7f", "%7F", "a\0b", "a\tb", "a\177b"})
    void refusesNulAndControlCharacters(String raw) {
        assertRefused(raw, "control characters");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"%G1", "%1G", "%4", "a%4", "%", "a%", "%zz"})
    void refusesMalformedPercentEscapes(String raw) {
        assertRefused(raw, "malformed percent-escape");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"%C3%28", "%FF", "caf%C3", "%C0%AE%C0%AE", "%C0%AF", "%ED%A0%80"})
    void refusesInvalidUtf8IncludingOverlongDotsAndSlashes(String raw) {
        assertRefused(raw, "not valid UTF-8");
    }

    @Test
    void refusesASegmentOf256Bytes() {
        assertRefused("dir/" + "x".repeat(256), "segment is longer than 255 bytes");
    }

    @Test
    void countsSegmentLengthInUtf8BytesNotCharacters() {
        // 128 × 'é' is 128 characters but 256 bytes.
        assertRefused("%C3%A9".repeat(128), "segment is longer than 255 bytes");
    }

    @Test
    void acceptsASegmentOf255Bytes() throws InvalidPathException {
        String segment = "x".repeat(255);

        assertThat(AssetPath.parse(segment)).isEqualTo(segment);
    }

    @Test
    void refusesAPathLongerThan1024Bytes() {
        // Five segments of 204 bytes: no single segment is too long, the whole is 1024 + 0..4 bytes over.
        String path = String.join("/", java.util.Collections.nCopies(5, "y".repeat(204)));
        assertThat(path.length()).isEqualTo(1024);

        assertRefused(path + "z", "longer than 1024 bytes");
    }

    @Test
    void acceptsAPathOfExactly1024Bytes() throws InvalidPathException {
        String path = String.join("/", java.util.Collections.nCopies(5, "y".repeat(204)));

        assertThat(AssetPath.parse(path)).isEqualTo(path);
    }

    @Test
    void refusesMoreThan64Folders() {
        assertRefused("a/".repeat(64) + "b", "deeper than 64");
    }

    @Test
    void accepts64Segments() throws InvalidPathException {
        String path = "a/".repeat(63) + "b";

        assertThat(AssetPath.parse(path)).isEqualTo(path);
    }

    // --- accepted ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a/b.txt", "a.txt", "dir/", "dir/sub/", "..foo", "foo..", "a..b", "...", ".hidden",
        "dir/.hidden/file", "a+b.txt", "café", "@scope/name"})
    void acceptsOrdinaryNamesUnchanged(String raw) throws InvalidPathException {
        assertThat(AssetPath.parse(raw)).isEqualTo(raw);
    }

    @Test
    void emptyPathIsTheRepositoryRoot() throws InvalidPathException {
        assertThat(AssetPath.parse("")).isEmpty();
    }

    @Test
    void keepsTheTrailingSlashOfAFolder() throws InvalidPathException {
        assertThat(AssetPath.parse("dir/")).isEqualTo("dir/");
    }

    @Test
    void decodesPercentEncodedSpaces() throws InvalidPathException {
        assertThat(AssetPath.parse("with%20space.txt")).isEqualTo("with space.txt");
    }

    @Test
    void decodesPercentEncodedUtf8() throws InvalidPathException {
        assertThat(AssetPath.parse("caf%C3%A9")).isEqualTo("café");
        assertThat(AssetPath.parse("caf%c3%a9")).isEqualTo("café");
    }

    @Test
    void keepsPlusAsPlusRatherThanSpace() throws InvalidPathException {
        assertThat(AssetPath.parse("a+b%2Bc.txt")).isEqualTo("a+b+c.txt");
    }

    @Test
    void acceptsEncodedDotsThatDoNotFormADotSegment() throws InvalidPathException {
        assertThat(AssetPath.parse("%2e%2efoo")).isEqualTo("..foo");
        assertThat(AssetPath.parse("%2ehidden")).isEqualTo(".hidden");
    }

    @Test
    void decodesMixedLiteralNonAsciiAndEscapes() throws InvalidPathException {
        assertThat(AssetPath.parse("😀%20caf%C3%A9")).isEqualTo("😀 café");
    }

    private static void assertRefused(String raw, String reason) {
        assertThatThrownBy(() -> AssetPath.parse(raw))
                .isInstanceOf(InvalidPathException.class)
                .hasMessageContaining(reason);
    }
}
