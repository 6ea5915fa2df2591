-- sha512 digests for OCI (descriptor.md §Digests). Blobs stay content-addressed by sha256; the blob
-- table's sha512 column (filled whenever the bytes were hashed with it) is the alias a client's
-- sha512 digest is resolved through.
CREATE INDEX blob_sha512 ON blob (sha512) WHERE sha512 IS NOT NULL;

-- The digest a manifest was pushed under when it is not its sha256 (NULL means 'sha256:' || sha256):
-- referrers list a manifest under the digest its client chose.
ALTER TABLE oci_manifest ADD COLUMN digest TEXT;

-- A subject named by sha512. It may not be pushed yet, so it cannot be resolved to a sha256 then.
ALTER TABLE oci_manifest ADD COLUMN subject_sha512 CHAR(128);
CREATE INDEX oci_manifest_subject_sha512 ON oci_manifest (repository_id, image, subject_sha512)
    WHERE subject_sha512 IS NOT NULL;
