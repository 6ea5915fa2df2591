package io.granary.registry.oci;

import io.granary.registry.testsupport.S3GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The OCI conformance suite: s3-token (store and authentication variant). */
@QuarkusTest
@QuarkusTestResource(value = S3GranaryTestResources.class, restrictToAnnotatedClass = true)
class S3OciConformanceTest extends OciConformanceContract {
    @Override
    String variant() {
        return "s3-token";
    }
}
