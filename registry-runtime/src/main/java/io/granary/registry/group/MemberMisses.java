package io.granary.registry.group;

import io.vertx.core.http.HttpClientResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Why members did not answer a read: failures (5xx, unreachable) are reported, never turned into a
 * silent 404; a member that refused the caller (401/403) is skipped without revealing anything, but
 * an anonymous caller refused with 401 is challenged so that its client retries with credentials.
 */
final class MemberMisses {

    private final List<String> failures = new ArrayList<>();
    private final List<String> loops = new ArrayList<>();
    private List<String> challenges;

    /** Records a miss; the response's body is drained so the pooled connection can be reused. */
    void record(String member, HttpClientResponse response) {
        int status = response.statusCode();
        if (status == GroupRoutes.LOOP_DETECTED) {
            loops.add(member);
            failures.add(member + " (" + status + ")");
        } else if (status >= 500) {
            failures.add(member + " (" + status + ")");
        } else if (status == 401 && challenges == null) {
            challenges = response.headers().getAll("WWW-Authenticate");
        }
        response.end();
    }

    void unreachable(String member, Throwable cause) {
        failures.add(member + " (" + cause.getClass().getSimpleName() + ")");
    }

    /** A member that answered, but with a merge that lacks some of its own members. */
    void incomplete(String member) {
        failures.add(member);
    }

    boolean anyFailed() {
        return !failures.isEmpty();
    }

    /** The failed members for messages and the incomplete-merge header. */
    String failed() {
        return String.join(", ", failures);
    }

    /** Answers a read that no member could serve. */
    void answer(GroupRequest request) {
        String group = request.group().name();
        if (!loops.isEmpty()) {
            // A cycle (or too deep a nesting) is a configuration error: say so, rather than "bad gateway".
            GroupRoutes.reject(request, GroupRoutes.LOOP_DETECTED, "LOOP_DETECTED", "group " + group
                    + " reaches groups nested deeper than " + MemberClient.MAX_HOPS + " levels through "
                    + String.join(", ", loops) + "; check the groups' members for a cycle");
        } else if (!failures.isEmpty()) {
            request.errors().write(request.ctx(), 502, "BAD_GATEWAY", "no member of group " + group
                    + " served the item and these failed: " + failed());
        } else if (challenges != null && request.credentials().authorization() == null) {
            challenges.forEach(c -> request.ctx().response().headers().add("WWW-Authenticate", c));
            request.errors().write(request.ctx(), 401, "UNAUTHORIZED", "authentication required");
        } else {
            request.errors().write(request.ctx(), 404, "NOT_FOUND", "no member of group " + group + " has this item");
        }
    }

    /** Whether a member's status means it has nothing for the caller here. */
    static boolean isMiss(int status) {
        return status >= 500 || status >= 400 && status != 412 && status != 416;
    }
}
