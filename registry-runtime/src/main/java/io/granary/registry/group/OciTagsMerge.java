package io.granary.registry.group;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The OCI tag list of an image in a group: the sorted union of the members' tags for that image,
 * named {@code <group>/<image>}. Members are asked for their whole lists; the caller's {@code n} and
 * {@code last} page the union here, with a {@code Link} to the next page while tags remain (as the
 * distribution spec pages a registry's own lists).
 */
final class OciTagsMerge implements MetadataMerge {

    @Override
    public String memberQuery(String query) {
        return null;
    }

    @Override
    public String invalidQuery(GroupRequest request) {
        String n = request.ctx().request().getParam("n");
        try {
            return n == null || n.isEmpty() || Integer.parseInt(n) >= 0 ? null : "n must be a number from 0";
        } catch (NumberFormatException e) {
            return "n must be a number from 0";
        }
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
        NavigableSet<String> rest = last == null ? tags : tags.tailSet(last, false);
        Integer n = pageSize(request.ctx().request().getParam("n"));
        List<String> page = rest.stream().limit(n == null ? Long.MAX_VALUE : n).toList();
        String image = request.rest().substring(0, request.rest().length() - "/tags/list".length());
        String name = request.group().name() + "/" + image;
        JsonObject list = new JsonObject().put("name", name).put("tags", new JsonArray(page));
        byte[] bytes = list.encode().getBytes(StandardCharsets.UTF_8);
        if (n == null || page.isEmpty() || page.size() == rest.size()) {
            return new Merged("application/json", bytes);
        }
        String next = request.prefix() + name + "/tags/list?n=" + n + "&last="
                + URLEncoder.encode(page.get(page.size() - 1), StandardCharsets.UTF_8);
        return new Merged("application/json", bytes, Map.of("Link", "<" + next + ">; rel=\"next\""));
    }

    /** The caller's page size (checked by {@link #invalidQuery}), null for all. */
    private static Integer pageSize(String n) {
        return n == null || n.isEmpty() ? null : Integer.parseInt(n);
    }
}
