package io.granary.registry.oci;

import io.granary.registry.testsupport.S3GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The OCI conformance suite: s3-basic (store and authentication variant). */
@QuarkusTest
@QuarkusTestResource(value = S3GranaryTestResources.class, restrictToAnnotatedClass = true)
@TestProfile(BasicAuthProfile.class)
class S3BasicOciConformanceTest extends OciConformanceContract {
    @Override
    String variant() {
        return "s3-basic";
    }
}
