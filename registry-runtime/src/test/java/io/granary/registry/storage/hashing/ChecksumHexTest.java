package io.granary.registry.storage.hashing;

import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.Checksums;
import io.granary.registry.storage.ChecksumMismatchException;
import io.granary.registry.storage.ExpectedChecksums;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChecksumHexTest {

    private static final String SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void acceptsOnlyLowercaseHexOfTheAlgorithmsLength() {
        assertThat(ChecksumHex.isValid(ChecksumAlgorithm.SHA256, SHA256)).isTrue();
        assertThat(ChecksumHex.isValid(ChecksumAlgorithm.MD5, "d41d8cd98f00b204e9800998ecf8427e")).isTrue();
        assertThat(ChecksumHex.isValid(ChecksumAlgorithm.SHA256, SHA256.toUpperCase())).isFalse();
        assertThat(ChecksumHex.isValid(ChecksumAlgorithm.SHA256, SHA256.substring(1))).isFalse();
        assertThat(ChecksumHex.isValid(ChecksumAlgorithm.SHA1, SHA256)).isFalse();
        assertThat(ChecksumHex.isValid(ChecksumAlgorithm.SHA256, SHA256.replace('e', 'g'))).isFalse();
        assertThat(ChecksumHex.isValid(ChecksumAlgorithm.SHA256, null)).isFalse();
        assertThatThrownBy(() -> ChecksumHex.requireSha256("../" + SHA256.substring(3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void verifierReportsMismatchesAndUncomputedAlgorithms() throws Exception {
        Checksums actual = new Checksums(Map.of(ChecksumAlgorithm.SHA256, SHA256));
        ChecksumVerifier.verify(ExpectedChecksums.sha256(SHA256.toUpperCase()), actual);
        assertThatThrownBy(() -> ChecksumVerifier.verify(ExpectedChecksums.sha256("not-hex"), actual))
                .isInstanceOf(ChecksumMismatchException.class);
        assertThatThrownBy(() -> ChecksumVerifier.verify(
                new ExpectedChecksums(Map.of(ChecksumAlgorithm.MD5, "d41d8cd98f00b204e9800998ecf8427e")), actual))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
