package io.granary.registry.http;

import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The default, {@code granary.http.blob-send=auto}: a client on 127.0.0.1 gets the copying sender. */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class AutoBlobSendTest extends BlobSendContract {

    AutoBlobSendTest() {
        super(true);
    }
}
