-- Granary metadata, designed for every format: a repository holds components (a Maven GA, an npm
-- package, an OCI image name, a PyPI project, a Helm chart) with versions; assets map a path in a
-- repository to a content-addressed blob. Blob rows exist only after the bytes were committed to
-- the blob store, so metadata never points at missing bytes.

CREATE TABLE repository (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT        NOT NULL UNIQUE,
    format      TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE blob (
    sha256      CHAR(64)    PRIMARY KEY,
    size        BIGINT      NOT NULL CHECK (size >= 0),
    sha1        CHAR(40),
    md5         CHAR(32),
    sha512      CHAR(128),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE component (
    id            BIGSERIAL PRIMARY KEY,
    repository_id BIGINT      NOT NULL REFERENCES repository (id) ON DELETE CASCADE,
    namespace     TEXT        NOT NULL DEFAULT '',
    name          TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (repository_id, namespace, name)
);

CREATE TABLE component_version (
    id           BIGSERIAL PRIMARY KEY,
    component_id BIGINT      NOT NULL REFERENCES component (id) ON DELETE CASCADE,
    version      TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (component_id, version)
);

CREATE TABLE asset (
    id                 BIGSERIAL PRIMARY KEY,
    repository_id      BIGINT      NOT NULL REFERENCES repository (id) ON DELETE CASCADE,
    path               TEXT        NOT NULL,
    blob_sha256        CHAR(64)    NOT NULL REFERENCES blob (sha256),
    size               BIGINT      NOT NULL CHECK (size >= 0),
    content_type       TEXT        NOT NULL,
    version_id         BIGINT      REFERENCES component_version (id) ON DELETE SET NULL,
    created_by         TEXT,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_downloaded_at TIMESTAMPTZ,
    UNIQUE (repository_id, path)
);
-- Folder listings are prefix scans on the path.
CREATE INDEX asset_path_prefix ON asset (repository_id, path text_pattern_ops);
CREATE INDEX asset_blob ON asset (blob_sha256);

CREATE TABLE tag (
    id            BIGSERIAL PRIMARY KEY,
    repository_id BIGINT      NOT NULL REFERENCES repository (id) ON DELETE CASCADE,
    scope         TEXT        NOT NULL,
    name          TEXT        NOT NULL,
    target        TEXT        NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (repository_id, scope, name)
);

CREATE TABLE property (
    id         BIGSERIAL PRIMARY KEY,
    asset_id   BIGINT REFERENCES asset (id) ON DELETE CASCADE,
    version_id BIGINT REFERENCES component_version (id) ON DELETE CASCADE,
    key        TEXT   NOT NULL,
    value      TEXT   NOT NULL,
    CHECK ((asset_id IS NULL) <> (version_id IS NULL))
);
CREATE INDEX property_asset ON property (asset_id);
CREATE INDEX property_version ON property (version_id);

-- Tokens are stored as the sha256 of the secret; the secret itself is shown once at creation.
CREATE TABLE access_token (
    id          UUID        PRIMARY KEY,
    name        TEXT        NOT NULL,
    secret_hash CHAR(64)    NOT NULL UNIQUE,
    created_by  TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ
);

-- repository '*' grants the role on every repository.
CREATE TABLE token_grant (
    token_id   UUID NOT NULL REFERENCES access_token (id) ON DELETE CASCADE,
    repository TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('reader', 'writer', 'admin')),
    PRIMARY KEY (token_id, repository)
);

-- Chunked upload sessions of the protocols that have them (OCI); bytes live in the blob store.
CREATE TABLE upload_session (
    id            TEXT        PRIMARY KEY,
    repository_id BIGINT      NOT NULL REFERENCES repository (id) ON DELETE CASCADE,
    created_by    TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE audit_event (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    request_id  TEXT,
    actor       TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    repository  TEXT,
    path        TEXT,
    outcome     TEXT        NOT NULL CHECK (outcome IN ('allowed', 'denied', 'failed')),
    status      INT,
    detail      TEXT,
    remote_addr TEXT
);
CREATE INDEX audit_event_at ON audit_event (at DESC);
CREATE INDEX audit_event_repository ON audit_event (repository, at DESC);
