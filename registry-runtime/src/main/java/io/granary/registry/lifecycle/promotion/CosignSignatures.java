package io.granary.registry.lifecycle.promotion;

import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.core.OciImages;
import io.granary.registry.core.WorkerCalls;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Verifies cosign "simple signing" signatures of an image against a public key, as {@code cosign verify
 * --key} does: each signature manifest (a {@code sha256-<hex>.sig} tag or a cosign referrer) has layers
 * whose blob is the signed payload and whose {@code dev.cosignproject.cosign/signature} annotation is the
 * base64 ECDSA signature (SHA-256) over it; the payload's {@code critical.image.docker-manifest-digest}
 * must name the very manifest being promoted, or a signature of another image would pass.
 */
final class CosignSignatures {

    static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
    static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    /** Payloads are a few hundred bytes; a larger layer is not a simple-signing payload worth reading. */
    private static final long MAX_PAYLOAD_BYTES = 64 * 1024;

    private final OciImages images;

    CosignSignatures(OciImages images) {
        this.images = images;
    }

    /** The key in a PEM {@code PUBLIC KEY} block (cosign.pub); IllegalArgumentException saying what is wrong. */
    static PublicKey parse(String pem) {
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the public key is not a PEM-encoded ECDSA public key (cosign.pub)");
        }
    }

    /** Null when one signature of the candidate verifies; otherwise why none does. */
    Uni<String> problem(RepositoryDefinition source, Candidate candidate, PublicKey key) {
        Candidate.OciParts oci = candidate.oci();
        List<String> found = new ArrayList<>();
        Uni<Boolean> chain = Uni.createFrom().item(false);
        for (String sha256 : oci.signatures()) {
            chain = chain.chain(verified -> verified ? Uni.createFrom().item(true)
                    : images.manifest(source, oci.image(), sha256).chain(row -> row == null ? Uni.createFrom().item(false)
                            : images.manifestBytes(source, row).chain(bytes -> verifiesAny(source, bytes, candidate.digest(), key, found))));
        }
        return chain.map(verified -> verified ? null : found.isEmpty()
                ? "no cosign simple-signing signature found to verify"
                : "no signature verifies against the public key: " + String.join("; ", found));
    }

    private Uni<Boolean> verifiesAny(RepositoryDefinition source, byte[] manifest, String digest, PublicKey key,
                                     List<String> found) {
        JsonArray layers;
        try {
            layers = new JsonObject(new String(manifest, StandardCharsets.UTF_8)).getJsonArray("layers", new JsonArray());
        } catch (DecodeException | ClassCastException e) {
            return Uni.createFrom().item(false);
        }
        Uni<Boolean> chain = Uni.createFrom().item(false);
        for (Object entry : layers) {
            if (!(entry instanceof JsonObject layer) || !SIMPLE_SIGNING.equals(layer.getString("mediaType"))) {
                continue;
            }
            String signature = layer.getJsonObject("annotations", new JsonObject()).getString(SIGNATURE_ANNOTATION);
            String payloadDigest = layer.getString("digest", "");
            long size = layer.getLong("size", -1L);
            if (signature == null || !payloadDigest.startsWith("sha256:") || size < 0 || size > MAX_PAYLOAD_BYTES) {
                found.add("a signature layer without a readable payload or signature annotation");
                continue;
            }
            chain = chain.chain(verified -> verified ? Uni.createFrom().item(true)
                    : payload(source, payloadDigest.substring(7), size).map(payload -> {
                        String problem = check(payload, signature, digest, key);
                        if (problem != null) {
                            found.add(problem);
                        }
                        return problem == null;
                    }));
        }
        return chain;
    }

    private Uni<byte[]> payload(RepositoryDefinition source, String sha256, long size) {
        var blobs = images.blobs(source);
        return WorkerCalls.run(() -> {
            try (var in = blobs.open(sha256, 0, size).stream()) {
                return in.readAllBytes();
            }
        });
    }

    /** Null when the signature is the key's over the payload and the payload names {@code digest}; else why not. */
    static String check(byte[] payload, String signatureBase64, String digest, PublicKey key) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(payload);
            if (!verifier.verify(Base64.getDecoder().decode(signatureBase64.strip()))) {
                return "a signature does not verify against the public key";
            }
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return "a signature is malformed (" + e.getClass().getSimpleName() + ")";
        }
        String signed;
        try {
            signed = new JsonObject(new String(payload, StandardCharsets.UTF_8)).getJsonObject("critical", new JsonObject())
                    .getJsonObject("image", new JsonObject()).getString("docker-manifest-digest");
        } catch (DecodeException | ClassCastException e) {
            return "a signed payload is not simple-signing JSON";
        }
        return digest.equals(signed) ? null : "a valid signature is for " + signed + ", not " + digest;
    }
}
