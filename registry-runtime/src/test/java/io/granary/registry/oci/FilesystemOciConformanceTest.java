package io.granary.registry.oci;

import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The OCI conformance suite: fs-token (store and authentication variant). */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class FilesystemOciConformanceTest extends OciConformanceContract {
    @Override
    String variant() {
        return "fs-token";
    }
}
