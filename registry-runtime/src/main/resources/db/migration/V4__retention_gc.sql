-- Garbage collection marks a blob the first time it finds it unreferenced and sweeps it only after
-- the grace period. Every writer that (re)references a blob clears the mark in the statement that
-- writes its row, so the sweep's guarded DELETE (which re-checks the mark under the row lock) can
-- never remove a blob a concurrent write is pointing at.
ALTER TABLE blob ADD COLUMN unreferenced_since TIMESTAMPTZ;
CREATE INDEX blob_unreferenced ON blob (unreferenced_since) WHERE unreferenced_since IS NOT NULL;

-- What each OCI manifest references (config, layers, child manifests), written with the manifest, so
-- marking is a query instead of re-reading every manifest. Manifests stored before this migration
-- have no rows here (refs_recorded = false): their images' blob links then keep every blob alive.
CREATE TABLE oci_manifest_blob (
    repository_id   BIGINT   NOT NULL,
    image           TEXT     NOT NULL,
    manifest_sha256 CHAR(64) NOT NULL,
    sha256          CHAR(64) NOT NULL,
    PRIMARY KEY (repository_id, image, manifest_sha256, sha256),
    FOREIGN KEY (repository_id, image, manifest_sha256)
        REFERENCES oci_manifest (repository_id, image, sha256) ON DELETE CASCADE
);
CREATE INDEX oci_manifest_blob_digest ON oci_manifest_blob (sha256);
ALTER TABLE oci_manifest ADD COLUMN refs_recorded BOOLEAN NOT NULL DEFAULT false;

-- Reference checks look blobs up by digest alone.
CREATE INDEX oci_manifest_digest ON oci_manifest (sha256);
CREATE INDEX oci_blob_link_sha256 ON oci_blob_link (sha256);
CREATE INDEX oci_upload_blob_sha256 ON oci_upload_blob (sha256);

-- The last report of each retention policy run per repository, and of the last garbage collection
-- (repository '*'): what the report endpoints and the operator's status show.
CREATE TABLE lifecycle_report (
    kind        TEXT        NOT NULL CHECK (kind IN ('retention', 'gc')),
    repository  TEXT        NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    report      TEXT        NOT NULL,
    PRIMARY KEY (kind, repository)
);
