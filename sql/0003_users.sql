-- Users read model. The user grains are the source of truth; each writes its row here on create and on
-- every profile or role change, so operators and reports can query users with plain SQL.
-- The normalised e-mail is derived by the database itself and unique, a backstop behind the e-mail index grain.
CREATE TABLE IF NOT EXISTS users (
    user_id          uuid        PRIMARY KEY,
    email            text        NOT NULL,
    email_normalized text        GENERATED ALWAYS AS (lower(btrim(email))) STORED,
    display_name     text        NOT NULL,
    roles            text[]      NOT NULL DEFAULT '{}',
    mfa_enabled      boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_email_normalized_key UNIQUE (email_normalized)
);
