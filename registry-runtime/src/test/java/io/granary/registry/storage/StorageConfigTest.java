package io.granary.registry.storage;

import io.granary.registry.storage.s3.S3ChecksumMode;
import io.granary.registry.storage.s3.S3Settings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checks the documented defaults and the config-to-settings translation without booting Quarkus. */
class StorageConfigTest {

    @Test
    void defaultsToFilesystemBelowTheDataDir() {
        StorageConfig config = mapping(Map.of("granary.data-dir", "/var/lib/granary"));
        assertThat(config.kind()).isEqualTo(StorageConfig.Kind.FILESYSTEM);
        assertThat(config.filesystem().root()).isEqualTo(Path.of("/var/lib/granary/blobs"));
        S3Settings s3 = BlobStoreProducer.s3Settings(config.s3());
        assertThat(s3.bucket()).isEqualTo("granary");
        assertThat(s3.region()).isEqualTo("us-east-1");
        assertThat(s3.pathStyle()).isTrue();
        assertThat(s3.checksumMode()).isEqualTo(S3ChecksumMode.WHEN_REQUIRED);
        assertThat(s3.partSize()).isEqualTo(16 << 20);
        assertThat(s3.createBucket()).isTrue();
        assertThat(s3.endpoint()).isEmpty();
    }

    @Test
    void mapsS3SettingsAndNeverPrintsTheSecret() {
        StorageConfig config = mapping(Map.of(
                "granary.storage.kind", "s3",
                "granary.storage.s3.endpoint", "http://minio:9000",
                "granary.storage.s3.access-key", "AKIDEXAMPLE",
                "granary.storage.s3.secret-key", "very-secret-value",
                "granary.storage.s3.checksum-mode", "when-supported",
                "granary.storage.s3.part-size", "8M"));
        assertThat(config.kind()).isEqualTo(StorageConfig.Kind.S3);
        S3Settings s3 = BlobStoreProducer.s3Settings(config.s3());
        assertThat(s3.endpoint()).hasValueSatisfying(uri -> assertThat(uri).hasToString("http://minio:9000"));
        assertThat(s3.checksumMode()).isEqualTo(S3ChecksumMode.WHEN_SUPPORTED);
        assertThat(s3.partSize()).isEqualTo(8 << 20);
        assertThat(s3.toString()).doesNotContain("very-secret-value");
    }

    @Test
    void refusesPartsBelowTheS3MinimumAndHalfCredentials() {
        assertThatThrownBy(() -> BlobStoreProducer.s3Settings(
                mapping(Map.of("granary.storage.s3.part-size", "1M")).s3()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BlobStoreProducer.s3Settings(
                mapping(Map.of("granary.storage.s3.secret-key", "very-secret-value")).s3()))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("very-secret-value");
    }

    private static StorageConfig mapping(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .addDiscoveredConverters()
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .withMapping(StorageConfig.class)
                .build();
        return config.getConfigMapping(StorageConfig.class);
    }
}
