package io.granary.registry.http;

import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/** {@code granary.http.blob-send=copy}: every local blob goes through the copying sender. */
@QuarkusTest
@TestProfile(CopyBlobSendTest.Copy.class)
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class CopyBlobSendTest extends BlobSendContract {

    /** Forces the copying sender. */
    public static class Copy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("granary.http.blob-send", "copy");
        }
    }

    @Override
    boolean copiesOnLoopback() {
        return true;
    }
}
