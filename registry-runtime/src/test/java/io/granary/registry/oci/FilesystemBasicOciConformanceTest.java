package io.granary.registry.oci;

import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The OCI conformance suite: fs-basic (store and authentication variant). */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
@TestProfile(BasicAuthProfile.class)
class FilesystemBasicOciConformanceTest extends OciConformanceContract {
    @Override
    String variant() {
        return "fs-basic";
    }
}
