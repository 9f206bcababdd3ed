-- Listings for the web console (docs/api-extensions.md, "Listings"). Every list is read newest first by keyset:
-- (time, id) strictly below the cursor, so each index below ends in that pair.

-- The owner's workflows: one row per workflow with its latest version, written by the workflow grain after each save.
CREATE TABLE IF NOT EXISTS workflows (
    workflow_id uuid        PRIMARY KEY,
    owner_id    uuid        NOT NULL,
    name        text        NOT NULL,
    version     integer     NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS workflows_by_owner ON workflows (owner_id, created_at DESC, workflow_id DESC);

-- The owner's runs, from the index the run store already keeps. finished_at is written with the finishing events;
-- runs that finished before this column existed fall back to updated_at.
ALTER TABLE workflow_runs ADD COLUMN IF NOT EXISTS finished_at timestamptz NULL;
CREATE INDEX IF NOT EXISTS workflow_runs_by_owner ON workflow_runs (owner_id, created_at DESC, run_id DESC);

-- Users for administrators, from the users read model.
CREATE INDEX IF NOT EXISTS users_newest ON users (created_at DESC, user_id DESC);

-- Licences for administrators: written by the licence grain on issue and revocation. Seats change too often to
-- index; the listing asks each licence grain of a page for them. The owner's e-mail comes from users.
CREATE TABLE IF NOT EXISTS licenses (
    license_id  text        PRIMARY KEY,
    owner_id    uuid        NOT NULL,
    edition     text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    max_devices integer     NOT NULL,
    revoked     boolean     NOT NULL,
    issued_at   timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS licenses_newest ON licenses (issued_at DESC, license_id DESC);
CREATE INDEX IF NOT EXISTS licenses_by_owner ON licenses (owner_id);

-- The Guid of a Guid-keyed grain from the two halves Orleans' ADO.NET storage keeps (grain_id_n0, grain_id_n1):
-- the bytes of Guid.ToByteArray() read as two little-endian longs. Used to find grains missing from the read models.
CREATE OR REPLACE FUNCTION pa_guid_from_halves(n0 bigint, n1 bigint)
RETURNS uuid
LANGUAGE sql
IMMUTABLE
AS $fn$
    SELECT (lpad(to_hex(n0 & 4294967295), 8, '0')
         || lpad(to_hex((n0 >> 32) & 65535), 4, '0')
         || lpad(to_hex((n0 >> 48) & 65535), 4, '0')
         || (SELECT string_agg(lpad(to_hex((n1 >> (8 * i)) & 255), 2, '0'), '' ORDER BY i) FROM generate_series(0, 7) AS i))::uuid;
$fn$;
