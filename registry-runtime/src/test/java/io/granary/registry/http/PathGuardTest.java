package io.granary.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathGuardTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/generic/r/../x", "/generic/r/..", "/generic/r/./x", "/generic/r/.", "/../etc/passwd",
        "/generic/r/a/../../x"})
    void rawDotSegmentsAreSuspicious(String path) {
        assertThat(PathGuard.suspicious(path)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/generic/r/%2e%2e/x", "/generic/r/%2E%2E/x", "/generic/r/.%2e/x", "/generic/r/%2e./x",
        "/generic/r/%2e/x", "/generic/r/%2E"})
    void encodedDotSegmentsAreSuspicious(String path) {
        assertThat(PathGuard.suspicious(path)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/generic/r/..;/x", "/generic/r/..;jsessionid=1/x", "/generic/r/.;/x",
        "/generic/r/%2e%2e;/x"})
    void dotSegmentsWithPathParametersAreSuspicious(String path) {
        assertThat(PathGuard.suspicious(path)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/generic/r/a\\b", "/generic/r/..\\x", "/generic/r/a%5cb", "/generic/r/a%5Cb"})
    void backslashesRawAndEncodedAreSuspicious(String path) {
        assertThat(PathGuard.suspicious(path)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/generic/r/a%00b", "/generic/r/a.txt%00.jpg", "/generic/r/a\0b"})
    void nulRawAndEncodedIsSuspicious(String path) {
        assertThat(PathGuard.suspicious(path)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/generic/r/a..b", "/generic/r/..foo", "/generic/r/foo..", "/generic/r/.hidden",
        "/generic/r/...", "/npm/r/@scope%2fname", "/generic/r/dir/", "/", "/generic/r/a;b"})
    void ordinaryPathsAreNotSuspicious(String path) {
        assertThat(PathGuard.suspicious(path)).isFalse();
    }
}
