package io.granary.registry.http;

import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@code granary.http.blob-send=sendfile}: every local blob goes zero-copy, loopback or not. */
@QuarkusTest
@TestProfile(SendfileBlobSendTest.Sendfile.class)
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class SendfileBlobSendTest extends BlobSendContract {

    /** The profile. */
    public static class Sendfile extends Mode {
        public Sendfile() {
            super("sendfile");
        }
    }

    SendfileBlobSendTest() {
        super(false);
    }
}
