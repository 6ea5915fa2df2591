package io.granary.registry.group;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * The credentials a member sees on a group's sub-request: the caller's own Authorization header
 * (so the member admits or refuses the caller itself), or, for OCI callers holding a registry token
 * scoped to the group, a token minted for the member names that caller may read.
 */
record MemberCredentials(String authorization) {

    /** The caller's header as it came (null: anonymous). */
    static MemberCredentials caller(String authorization) {
        return new MemberCredentials(authorization);
    }

    void apply(MultiMap headers) {
        headers.remove(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            headers.set(HttpHeaders.AUTHORIZATION, authorization);
        }
    }
}
