package io.granary.registry.http;

import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/** {@code granary.http.blob-send=sendfile}: every local blob goes zero-copy, loopback or not. */
@QuarkusTest
@TestProfile(SendfileBlobSendTest.Sendfile.class)
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class SendfileBlobSendTest extends BlobSendContract {

    /** Forces sendfile. */
    public static class Sendfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("granary.http.blob-send", "sendfile");
        }
    }

    @Override
    boolean copiesOnLoopback() {
        return false;
    }
}
