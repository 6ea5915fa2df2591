-- Promotion: which rule put which artifact version into a repository, with which digest. Read to
-- answer a re-applied rule without copying again (idempotence) and to list what a rule promoted.
-- The items themselves also carry the property granary.io/promoted-by = <rule> (on their assets, or
-- on a component_version for OCI image tags), which makes them immutable in the target and tells
-- retention never to delete them.

CREATE TABLE promotion (
    id                BIGSERIAL PRIMARY KEY,
    rule              TEXT        NOT NULL,
    source_repository TEXT        NOT NULL,
    target_repository TEXT        NOT NULL,
    name              TEXT        NOT NULL,
    version           TEXT        NOT NULL,
    digest            TEXT        NOT NULL,
    promoted_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (target_repository, name, version)
);
CREATE INDEX promotion_rule ON promotion (rule, promoted_at DESC);
