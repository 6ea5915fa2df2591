package io.granary.registry.oci;

import io.granary.registry.auth.Principal;
import io.granary.registry.auth.Role;
import io.granary.registry.metadata.OciMetadataStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived registry tokens of the Docker token flow: JWTs (HS256) naming the caller, its roles
 * and the granted {@code repository:<name>:<actions>} scopes. The signing key lives in the database
 * so every replica accepts the tokens of every other.
 */
@ApplicationScoped
public class RegistryTokens {

    /** A verified token: who, with which roles, and which actions per repository name. */
    record Claims(Principal principal, Map<String, Set<String>> access) {
        boolean allows(String name, String action) {
            Set<String> actions = access.get(name);
            return actions != null && (actions.contains(action) || actions.contains("*"));
        }
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String HEADER = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
            .getBytes(StandardCharsets.UTF_8));

    private final OciMetadataStore rows;
    private volatile SecretKeySpec key;

    RegistryTokens(OciMetadataStore rows) {
        this.rows = rows;
    }

    /** Whether a bearer value has the shape of a token of ours (three dot-separated parts). */
    static boolean looksLikeJwt(String value) {
        return value.chars().filter(c -> c == '.').count() == 2 && value.startsWith(HEADER + ".");
    }

    /** Issues a token; {@code access} maps repository names to granted actions. */
    Uni<String> issue(Principal principal, String service, Map<String, Set<String>> access, long ttlSeconds) {
        return key().map(k -> {
            long now = System.currentTimeMillis() / 1000;
            JsonObject grants = new JsonObject();
            principal.grants().forEach((repo, role) -> grants.put(repo, role.wireName()));
            JsonArray scopes = new JsonArray();
            access.forEach((name, actions) -> scopes.add(new JsonObject().put("type", "repository").put("name", name)
                    .put("actions", new JsonArray(java.util.List.copyOf(new TreeSet<>(actions))))));
            JsonObject claims = new JsonObject()
                    .put("iss", "granary")
                    .put("sub", principal.name())
                    .put("aud", service)
                    .put("iat", now)
                    .put("nbf", now - 5)
                    .put("exp", now + ttlSeconds)
                    .put("jti", UUID.randomUUID().toString())
                    .put("tid", principal.tokenId() == null ? null : principal.tokenId().toString())
                    .put("grants", grants)
                    .put("access", scopes);
            String payload = HEADER + "." + B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
            return payload + "." + B64.encodeToString(sign(k, payload));
        });
    }

    /** The claims of a valid, unexpired token of ours, or null. */
    Uni<Claims> verify(String token) {
        return key().map(k -> {
            int lastDot = token.lastIndexOf('.');
            String payload = token.substring(0, lastDot);
            byte[] signature;
            try {
                signature = B64D.decode(token.substring(lastDot + 1));
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (!MessageDigest.isEqual(sign(k, payload), signature)) {
                return null;
            }
            try {
                JsonObject claims = new JsonObject(new String(B64D.decode(payload.substring(payload.indexOf('.') + 1)),
                        StandardCharsets.UTF_8));
                long now = System.currentTimeMillis() / 1000;
                if (claims.getLong("exp", 0L) < now || claims.getLong("nbf", 0L) > now) {
                    return null;
                }
                Map<String, Role> grants = new HashMap<>();
                claims.getJsonObject("grants", new JsonObject()).forEach(e -> grants.put(e.getKey(),
                        Role.parse(String.valueOf(e.getValue()))));
                String tid = claims.getString("tid");
                Principal principal = tid == null
                        ? Principal.ANONYMOUS
                        : new Principal(claims.getString("sub"), UUID.fromString(tid), Map.copyOf(grants));
                Map<String, Set<String>> access = new LinkedHashMap<>();
                for (Object o : claims.getJsonArray("access", new JsonArray())) {
                    JsonObject scope = (JsonObject) o;
                    Set<String> actions = new TreeSet<>();
                    scope.getJsonArray("actions", new JsonArray()).forEach(a -> actions.add(String.valueOf(a)));
                    access.merge(scope.getString("name"), actions, (a, b) -> {
                        a.addAll(b);
                        return a;
                    });
                }
                return new Claims(principal, access);
            } catch (RuntimeException malformed) {
                return null;
            }
        });
    }

    private Uni<SecretKeySpec> key() {
        SecretKeySpec known = key;
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        return rows.signingSecret(Base64.getEncoder().encodeToString(fresh)).map(secret -> {
            SecretKeySpec loaded = new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256");
            key = loaded;
            return loaded;
        });
    }

    private static byte[] sign(SecretKeySpec key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
