package io.granary.registry.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * What a proxy sends to its upstream to authenticate: basic (username and password) or a bearer
 * token. Never logged: {@link #toString()} hides the values.
 */
public record UpstreamCredentials(String authorization) {

    /** From a Secret's keys: {@code username} + {@code password}, or {@code token}; null when neither is there. */
    static UpstreamCredentials of(Map<String, String> secret) {
        String token = secret.get("token");
        if (token != null && !token.isBlank()) {
            return new UpstreamCredentials("Bearer " + token.strip());
        }
        String user = secret.get("username");
        String password = secret.get("password");
        if (user == null || password == null) {
            return null;
        }
        String pair = user.strip() + ":" + password.strip();
        return new UpstreamCredentials("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /** Basic credentials, usable as the username and password of an upstream's token endpoint. */
    boolean isBasic() {
        return authorization.startsWith("Basic ");
    }

    @Override
    public String toString() {
        return "UpstreamCredentials[hidden]";
    }
}
