package io.granary.registry.oci;

import io.granary.registry.testsupport.S3GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The OCI protocol on the S3 blob store (S3Proxy). */
@QuarkusTest
@QuarkusTestResource(value = S3GranaryTestResources.class, restrictToAnnotatedClass = true)
class S3OciRegistryTest extends OciRegistryContract {
}
