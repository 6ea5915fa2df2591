package io.granary.registry.lifecycle;

import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The garbage-collection race on the filesystem blob store. */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class FilesystemGcRaceTest extends GcRaceContract {

    @Override
    String prefix() {
        return "files";
    }
}
