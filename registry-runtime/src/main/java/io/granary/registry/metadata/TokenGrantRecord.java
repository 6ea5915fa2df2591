package io.granary.registry.metadata;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.UUID;

/** One role a token holds on one repository ({@code *} = every repository). */
@Entity
@Table(name = "token_grant")
@IdClass(TokenGrantRecord.Key.class)
@jakarta.persistence.NamedQuery(name = TokenGrantRecord.BY_TOKEN, query = "from TokenGrantRecord where tokenId = :id")
public class TokenGrantRecord {
    /** Named so it is parsed at boot rather than on an event loop at the first request. */
    public static final String BY_TOKEN = "TokenGrant.byToken";
    @Id
    @Column(name = "token_id")
    public UUID tokenId;
    @Id
    public String repository;
    public String role;

    /** Composite key of a grant. */
    public static class Key implements Serializable {
        public UUID tokenId;
        public String repository;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(tokenId, k.tokenId)
                    && java.util.Objects.equals(repository, k.repository);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(tokenId, repository);
        }
    }
}
