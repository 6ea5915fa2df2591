package io.granary.registry.proxy.npm;

import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.ExpectedChecksums;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/** The checksums a packument's {@code dist} publishes for a tarball: SRI {@code integrity} and the legacy {@code shasum}. */
final class NpmIntegrity {

    private NpmIntegrity() {
    }

    static ExpectedChecksums of(JsonObject dist) {
        Map<ChecksumAlgorithm, String> sums = new EnumMap<>(ChecksumAlgorithm.class);
        String integrity = dist.getString("integrity");
        if (integrity != null) {
            // SRI may list several hashes separated by spaces; sha512 and sha256 are the ones npm writes.
            for (String entry : integrity.trim().split("\\s+")) {
                int dash = entry.indexOf('-');
                if (dash < 0) {
                    continue;
                }
                ChecksumAlgorithm algorithm = switch (entry.substring(0, dash)) {
                    case "sha512" -> ChecksumAlgorithm.SHA512;
                    case "sha256" -> ChecksumAlgorithm.SHA256;
                    case "sha1" -> ChecksumAlgorithm.SHA1;
                    default -> null;
                };
                if (algorithm != null) {
                    try {
                        sums.put(algorithm, HexFormat.of().formatHex(Base64.getDecoder().decode(entry.substring(dash + 1))));
                    } catch (IllegalArgumentException malformed) {
                        // An unreadable SRI value vouches for nothing; shasum may still.
                    }
                }
            }
        }
        String shasum = dist.getString("shasum");
        if (shasum != null && shasum.matches("[0-9a-fA-F]{40}")) {
            sums.putIfAbsent(ChecksumAlgorithm.SHA1, shasum);
        }
        return new ExpectedChecksums(sums);
    }
}
