package io.granary.registry.group;

import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes to a group: sent on to the group's deploy member with the caller's credentials and body
 * streamed through, its answer streamed back; without a deploy member, 405 in the format's body.
 */
@ApplicationScoped
class DeployForward {

    private final MemberClient client;

    DeployForward(MemberClient client) {
        this.client = client;
    }

    void serve(GroupRequest request) {
        String deploy = request.group().resource().getSpec().getDeployMember();
        HttpMethod method = request.ctx().request().method();
        if (deploy == null || deploy.isBlank()) {
            request.ctx().response().putHeader("Allow", "GET, HEAD");
            GroupRoutes.reject(request, 405, "METHOD_NOT_ALLOWED", method + " is not allowed on group "
                    + request.group().name() + ": it declares no deployMember; deploy to a member repository");
            return;
        }
        client.forward(request.ctx().request(), request.memberUri(deploy), request.credentials()).onComplete(done -> {
            if (done.failed()) {
                GroupRoutes.reject(request, 502, "BAD_GATEWAY", "deploy member " + deploy + " could not be reached");
            } else {
                FirstMatch.relay(request, deploy, done.result());
            }
        });
    }
}
