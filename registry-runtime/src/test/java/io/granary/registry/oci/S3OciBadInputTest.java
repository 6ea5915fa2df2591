package io.granary.registry.oci;

import io.granary.registry.testsupport.S3GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Bad registry input on the S3 blob store. */
@QuarkusTest
@QuarkusTestResource(value = S3GranaryTestResources.class, restrictToAnnotatedClass = true)
class S3OciBadInputTest extends OciBadInputContract {
}
