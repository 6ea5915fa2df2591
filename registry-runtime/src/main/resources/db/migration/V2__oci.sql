-- OCI Distribution: an image is a path inside a Granary repository (<repository>/<image>).
-- Blobs (layers, configs) become part of an image through a link row; manifests are blobs too,
-- with the facts the protocol needs to answer without reading them (media type, referrers).
-- Tags reuse the generic tag table with scope = image and target = manifest digest.

CREATE TABLE oci_blob_link (
    repository_id BIGINT      NOT NULL REFERENCES repository (id) ON DELETE CASCADE,
    image         TEXT        NOT NULL,
    sha256        CHAR(64)    NOT NULL REFERENCES blob (sha256),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (repository_id, image, sha256)
);
-- Automatic mounts look for a digest anywhere in the same repository.
CREATE INDEX oci_blob_link_digest ON oci_blob_link (repository_id, sha256);

CREATE TABLE oci_manifest (
    repository_id BIGINT      NOT NULL REFERENCES repository (id) ON DELETE CASCADE,
    image         TEXT        NOT NULL,
    sha256        CHAR(64)    NOT NULL REFERENCES blob (sha256),
    media_type    TEXT        NOT NULL,
    size          BIGINT      NOT NULL CHECK (size >= 0),
    subject       CHAR(64),
    artifact_type TEXT,
    annotations   TEXT,
    created_by    TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (repository_id, image, sha256)
);
CREATE INDEX oci_manifest_subject ON oci_manifest (repository_id, image, subject) WHERE subject IS NOT NULL;

-- The key that signs registry bearer tokens; shared by every replica through the database.
CREATE TABLE oci_signing_key (
    id         INT         PRIMARY KEY CHECK (id = 1),
    secret     TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A blob streamed whole into an empty upload session (the PATCH real clients send) is hashed and
-- committed as it arrives, so the closing PUT only compares digests instead of re-reading it.
CREATE TABLE oci_upload_blob (
    session_id TEXT     PRIMARY KEY REFERENCES upload_session (id) ON DELETE CASCADE,
    sha256     CHAR(64) NOT NULL,
    size       BIGINT   NOT NULL CHECK (size >= 0)
);
