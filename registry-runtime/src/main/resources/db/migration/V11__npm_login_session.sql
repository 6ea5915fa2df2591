-- npm web login (`npm login --auth-type=web`): the CLI polls doneUrl while a person proves a token at
-- loginUrl, possibly on another replica, so the pending session lives here. The session token's secret
-- is made when the session starts and kept only sealed with a key derived from the doneUrl secret
-- (of which only the sha256 is stored), so this table never holds a usable secret.
CREATE TABLE npm_login_session (
    id          UUID        PRIMARY KEY,
    repository  TEXT        NOT NULL,
    done_hash   CHAR(64)    NOT NULL UNIQUE,
    token_hash  CHAR(64)    NOT NULL,
    sealed      TEXT        NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX npm_login_session_expiry ON npm_login_session (expires_at);
