package io.granary.registry.group;

import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads that return the first member holding the item: members are asked in order and the first one
 * that has it is streamed back as it arrives (status, headers, body), never buffered.
 */
@ApplicationScoped
class FirstMatch {

    /** Response headers not copied from a member: per connection, or ours. */
    private static final Set<String> OWN_HEADERS = Set.of("connection", "keep-alive", "transfer-encoding",
            "x-request-id", "www-authenticate", "docker-distribution-api-version");

    private final MemberClient client;

    FirstMatch(MemberClient client) {
        this.client = client;
    }

    void serve(GroupRequest request) {
        serve(request, 0, new MemberMisses());
    }

    private void serve(GroupRequest request, int index, MemberMisses misses) {
        if (index == request.members().size()) {
            misses.answer(request);
            return;
        }
        String member = request.members().get(index);
        client.read(request.ctx().request(), request.ctx().request().method(), request.memberUri(member),
                request.credentials(), true).onComplete(done -> {
                    if (done.failed()) {
                        misses.unreachable(member, done.cause());
                        serve(request, index + 1, misses);
                    } else if (MemberMisses.isMiss(done.result().statusCode())) {
                        misses.record(member, done.result());
                        serve(request, index + 1, misses);
                    } else {
                        relay(request, member, done.result());
                    }
                });
    }

    /** Streams a member's answer to the caller, its own URLs pointed through the group. */
    static void relay(GroupRequest request, String member, HttpClientResponse answer) {
        HttpServerResponse response = request.ctx().response();
        if (response.closed()) {
            answer.request().reset();
            return;
        }
        response.setStatusCode(answer.statusCode());
        answer.headers().forEach(h -> {
            String name = h.getKey().toLowerCase();
            if (!OWN_HEADERS.contains(name)) {
                response.headers().add(h.getKey(), name.equals("location") ? request.throughGroup(member, h.getValue())
                        : h.getValue());
            }
        });
        response.putHeader("X-Granary-Group-Member", member);
        if (!response.headers().contains("Content-Length") && !request.head()) {
            response.setChunked(true);
        }
        answer.pipeTo(response).onFailure(failure -> {
            answer.request().reset();
            if (!response.closed()) {
                request.ctx().request().connection().close();
            }
        });
    }
}
