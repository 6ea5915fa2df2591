package io.granary.registry.admin;

import io.granary.registry.audit.AuditEntry;
import io.granary.registry.audit.AuditLog;
import io.granary.registry.auth.Role;
import io.granary.registry.auth.TokenAuthenticator;
import io.granary.registry.auth.TokenSecrets;
import io.granary.registry.http.AccessGate;
import io.granary.registry.http.RequestIds;
import io.granary.registry.metadata.TokenMetadataStore;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Issues, lists and revokes access tokens; the secret is returned once, at creation. */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._@-]{0,99}");

    /** One role on one repository ({@code *} for all). */
    public record Grant(String repository, String role) {
    }

    /** The body of a token request. */
    public record TokenRequest(String name, List<Grant> grants, Long expiresInSeconds) {
    }

    /** A token as listed (never with its secret). */
    public record TokenView(UUID id, String name, List<Grant> grants, Instant createdAt, Instant expiresAt,
                            Instant revokedAt, String createdBy) {
    }

    /** A token just issued, with its secret. */
    public record IssuedToken(UUID id, String name, String token, List<Grant> grants, Instant expiresAt) {
    }

    private final AdminAccess access;
    private final TokenMetadataStore tokens;
    private final TokenAuthenticator authenticator;
    private final AuditLog audit;

    TokenResource(AdminAccess access, TokenMetadataStore tokens, TokenAuthenticator authenticator, AuditLog audit) {
        this.access = access;
        this.tokens = tokens;
        this.authenticator = authenticator;
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(TokenRequest body, RoutingContext ctx) {
        return access.requireGlobalAdmin(ctx, "create-token").chain(admin -> {
            Map<String, String> grants = validate(body);
            Instant expiresAt = body.expiresInSeconds() == null ? null : Instant.now().plusSeconds(body.expiresInSeconds());
            String secret = TokenSecrets.generate();
            return tokens.create(body.name(), TokenSecrets.hash(secret), grants, expiresAt, admin.name())
                    .call(token -> audit.record(new AuditEntry(RequestIds.assign(ctx), admin.name(), "create-token",
                            null, null, AuditEntry.ALLOWED, 201, "token " + token.id + " (" + token.name + ") " + grants,
                            AccessGate.remote(ctx))))
                    .map(token -> Response.status(201).entity(new IssuedToken(token.id, token.name, secret,
                            toGrants(grants), token.expiresAt)).build());
        });
    }

    @GET
    public Uni<List<TokenView>> list(RoutingContext ctx) {
        return access.requireGlobalAdmin(ctx, "list-tokens").chain(admin -> tokens.list()).map(all -> all.stream()
                .map(t -> new TokenView(t.token().id, t.token().name, toGrants(t.grants()), t.token().createdAt,
                        t.token().expiresAt, t.token().revokedAt, t.token().createdBy))
                .toList());
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> revoke(@PathParam("id") String id, RoutingContext ctx) {
        return access.requireGlobalAdmin(ctx, "revoke-token").chain(admin -> {
            UUID uuid;
            try {
                uuid = UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "INVALID", "token id must be a UUID");
            }
            return tokens.revoke(uuid).call(found -> found
                            ? audit.record(new AuditEntry(RequestIds.assign(ctx), admin.name(), "revoke-token", null, null,
                                    AuditEntry.ALLOWED, 204, "token " + uuid, AccessGate.remote(ctx)))
                            : Uni.createFrom().voidItem())
                    .map(found -> {
                        if (!found) {
                            throw new ApiException(404, "NOT_FOUND", "no token " + uuid);
                        }
                        authenticator.invalidateAll();
                        return Response.noContent().build();
                    });
        });
    }

    private static Map<String, String> validate(TokenRequest body) {
        if (body == null || body.name() == null || !NAME.matcher(body.name()).matches()) {
            throw new ApiException(400, "INVALID", "name is required (letters, digits, space . _ @ -, at most 100)");
        }
        if (body.grants() == null || body.grants().isEmpty()) {
            throw new ApiException(400, "INVALID", "grants must name at least one repository and role");
        }
        if (body.expiresInSeconds() != null && body.expiresInSeconds() <= 0) {
            throw new ApiException(400, "INVALID", "expiresInSeconds must be positive");
        }
        Map<String, String> grants = new LinkedHashMap<>();
        for (Grant g : body.grants()) {
            if (g == null || g.repository() == null || g.repository().isBlank()) {
                throw new ApiException(400, "INVALID", "each grant needs a repository ('*' for all)");
            }
            try {
                grants.put(g.repository(), Role.parse(g.role()).wireName());
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "INVALID", e.getMessage());
            }
        }
        return grants;
    }

    private static List<Grant> toGrants(Map<String, String> grants) {
        return grants.entrySet().stream().map(e -> new Grant(e.getKey(), e.getValue())).toList();
    }

}
