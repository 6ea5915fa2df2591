package io.granary.registry.group;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The OCI tag list of an image in a group: the sorted union of the members' tags for that image,
 * named {@code <group>/<image>}. Members are asked for their whole lists; the caller's {@code n} and
 * {@code last} page the union here.
 */
final class OciTagsMerge implements MetadataMerge {

    @Override
    public String memberQuery(String query) {
        return null;
    }

    @Override
    public Merged merge(GroupRequest request, List<MemberBody> bodies) {
        TreeSet<String> tags = new TreeSet<>();
        for (MemberBody body : bodies) {
            try {
                JsonArray list = new JsonObject(new String(body.bytes(), StandardCharsets.UTF_8)).getJsonArray("tags");
                if (list != null) {
                    list.forEach(t -> tags.add(String.valueOf(t)));
                }
            } catch (DecodeException | ClassCastException e) {
                throw new IllegalArgumentException("the tag list of " + body.member() + " is not JSON");
            }
        }
        String last = request.ctx().request().getParam("last");
        Stream<String> page = (last == null ? tags : tags.tailSet(last, false)).stream();
        String n = request.ctx().request().getParam("n");
        if (n != null) {
            try {
                page = page.limit(Math.max(0, Integer.parseInt(n)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("n is not a number");
            }
        }
        String image = request.rest().substring(0, request.rest().length() - "/tags/list".length());
        JsonObject list = new JsonObject().put("name", request.group().name() + "/" + image)
                .put("tags", new JsonArray(page.toList()));
        return new Merged("application/json", list.encode().getBytes(StandardCharsets.UTF_8));
    }
}
