package io.granary.registry.lifecycle.promotion;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * npm package versions as promotion candidates: named {@code @scope/name@version} as npm names them, the
 * tarball's sha256 standing for the version. A version counts as signed when its manifest carries registry
 * signatures or provenance attestations ({@code dist.signatures}, {@code dist.attestations}); npm has no
 * detached signature file.
 */
final class NpmUnits {

    private NpmUnits() {
    }

    static Candidate candidate(NpmPromotions.VersionRow row) {
        Map<String, String> properties = new TreeMap<>();
        new JsonObject(row.properties()).forEach(e -> properties.put(e.getKey(), String.valueOf(e.getValue())));
        JsonObject dist = new JsonObject(row.manifest()).getJsonObject("dist", new JsonObject());
        boolean signed = dist.getValue("signatures") instanceof JsonArray sigs && !sigs.isEmpty()
                || dist.getValue("attestations") instanceof JsonObject;
        Evidence evidence = new Evidence(signed, false, false, java.util.Optional.empty())
                .and(Evidence.report(properties.get(Evidence.SEVERITY_PROPERTY)));
        return new Candidate(row.fullName(), row.version(), "sha256:" + row.sha256(), row.createdAt(), properties, evidence,
                List.of(row.path()), null, row);
    }
}
