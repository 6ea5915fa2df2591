package io.granary.registry.storage.s3;

import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;

/**
 * When the AWS SDK adds and checks its own (flexible) checksums. {@link #WHEN_REQUIRED} is the
 * default because many S3-compatible stores reject the SDK's trailing checksums; Granary verifies
 * content with its own digests anyway.
 */
public enum S3ChecksumMode {
    WHEN_REQUIRED,
    WHEN_SUPPORTED;

    RequestChecksumCalculation requestCalculation() {
        return this == WHEN_REQUIRED ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED;
    }

    ResponseChecksumValidation responseValidation() {
        return this == WHEN_REQUIRED ? ResponseChecksumValidation.WHEN_REQUIRED : ResponseChecksumValidation.WHEN_SUPPORTED;
    }
}
