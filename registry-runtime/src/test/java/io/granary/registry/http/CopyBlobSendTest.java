package io.granary.registry.http;

import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@code granary.http.blob-send=copy}: every local blob goes through the copying sender. */
@QuarkusTest
@TestProfile(CopyBlobSendTest.Copy.class)
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class CopyBlobSendTest extends BlobSendContract {

    /** The profile. */
    public static class Copy extends Mode {
        public Copy() {
            super("copy");
        }
    }

    CopyBlobSendTest() {
        super(true);
    }
}
