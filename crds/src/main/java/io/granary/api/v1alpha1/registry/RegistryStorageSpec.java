package io.granary.api.v1alpha1.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Where blobs are stored: an S3-compatible object store or a filesystem volume. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.s3) != has(self.filesystem)", message = "set exactly one of s3 and filesystem")
public class RegistryStorageSpec {

    @JsonPropertyDescription("Object store; the choice for more than one replica.")
    private S3StorageSpec s3;

    @JsonPropertyDescription("Volume; simplest for a single replica.")
    private FilesystemStorageSpec filesystem;

    public S3StorageSpec getS3() {
        return s3;
    }

    public void setS3(S3StorageSpec s3) {
        this.s3 = s3;
    }

    public FilesystemStorageSpec getFilesystem() {
        return filesystem;
    }

    public void setFilesystem(FilesystemStorageSpec filesystem) {
        this.filesystem = filesystem;
    }
}
