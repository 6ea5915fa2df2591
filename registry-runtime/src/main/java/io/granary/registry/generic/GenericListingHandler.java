package io.granary.registry.generic;

import io.granary.registry.core.HostedAssets;
import io.granary.registry.metadata.StoredAsset;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON listing of a folder's direct children (files and sub-folders). Listings read at most
 * {@link #MAX_SCANNED} assets below the folder and say {@code "truncated": true} beyond that.
 */
@ApplicationScoped
class GenericListingHandler {

    static final int MAX_SCANNED = 10_000;

    private final HostedAssets assets;

    GenericListingHandler(HostedAssets assets) {
        this.assets = assets;
    }

    /** Lists {@code folder} (empty or ending with '/'); an empty folder other than the root is a 404. */
    void handle(GenericRequest request, String folder) {
        list(request, folder, true);
    }

    /** Lists the folder if it has children, else answers 404 for the file the client asked for. */
    void handleIfFolder(GenericRequest request, String folder) {
        list(request, folder, false);
    }

    private void list(GenericRequest request, String folder, boolean explicitFolder) {
        assets.listUnder(request.repository(), folder, MAX_SCANNED + 1).subscribe().with(found -> {
            if (found.isEmpty() && !(explicitFolder && folder.isEmpty())) {
                GenericRoutes.reject(request.ctx(), 404, "NOT_FOUND",
                        "nothing at " + request.repository().name() + "/" + request.path());
                return;
            }
            request.ctx().response()
                    .putHeader("Content-Type", "application/json")
                    .end(render(request, folder, found).encode());
        }, failure -> GenericRoutes.fail(request.ctx(), failure));
    }

    private static JsonObject render(GenericRequest request, String folder, List<StoredAsset> found) {
        boolean truncated = found.size() > MAX_SCANNED;
        Map<String, JsonObject> children = new TreeMap<>();
        for (StoredAsset asset : truncated ? found.subList(0, MAX_SCANNED) : found) {
            String rest = asset.path().substring(folder.length());
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                String name = rest.substring(0, slash);
                children.putIfAbsent(name + "/", new JsonObject()
                        .put("name", name).put("path", folder + name + "/").put("folder", true));
            } else {
                children.put(rest, new JsonObject()
                        .put("name", rest)
                        .put("path", asset.path())
                        .put("folder", false)
                        .put("size", asset.size())
                        .put("sha256", asset.sha256())
                        .put("contentType", asset.contentType())
                        .put("lastModified", asset.updatedAt().toString())
                        .put("uri", request.urlOf(asset.path())));
            }
        }
        return new JsonObject()
                .put("repository", request.repository().name())
                .put("path", folder)
                .put("children", new JsonArray(List.copyOf(children.values())))
                .put("truncated", truncated);
    }
}
