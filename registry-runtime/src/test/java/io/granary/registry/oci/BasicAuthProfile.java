package io.granary.registry.oci;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The registry without the token flow: clients are challenged with Basic and send Granary tokens. */
public class BasicAuthProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("granary.oci.token-flow", "false");
    }
}
