package io.granary.registry.lifecycle;

import io.granary.registry.testsupport.S3GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The garbage-collection race on the S3 blob store (S3Proxy). */
@QuarkusTest
@QuarkusTestResource(value = S3GranaryTestResources.class, restrictToAnnotatedClass = true)
class S3GcRaceTest extends GcRaceContract {

    @Override
    String prefix() {
        return "files";
    }
}
