package io.granary.registry.proxy.npm;

import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.storage.ChecksumAlgorithm;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NpmIntegrityTest {

    @Test
    void sriAndShasumBecomeExpectedChecksums() throws Exception {
        byte[] tgz = "tarball".getBytes();
        byte[] sha512 = MessageDigest.getInstance("SHA-512").digest(tgz);
        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(tgz));
        var expected = NpmIntegrity.of(new JsonObject().put("integrity", "sha512-" + Base64.getEncoder().encodeToString(sha512))
                .put("shasum", sha1));
        assertThat(expected.values()).containsEntry(ChecksumAlgorithm.SHA512, HexFormat.of().formatHex(sha512))
                .containsEntry(ChecksumAlgorithm.SHA1, sha1);
    }

    @Test
    void unreadableValuesVouchForNothing() {
        assertThat(NpmIntegrity.of(new JsonObject().put("integrity", "sha512-%%%").put("shasum", "zz")).values()).isEmpty();
        assertThat(NpmIntegrity.of(new JsonObject()).values()).isEmpty();
    }
}
