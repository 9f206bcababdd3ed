-- Orleans grain state (Microsoft.Orleans.Persistence.AdoNet 10.4.x) on PostgreSQL 15.
--
-- AdoNetGrainStorage loads four texts at start-up:
--     SELECT QueryKey, QueryText FROM OrleansQuery WHERE QueryKey = 'WriteToStorageKey' OR ...
-- WriteToStorageKey, ReadFromStorageKey and ClearStorageKey are required; DeleteStorageKey is only
-- required when a provider sets DeleteStateOnClear = true, and is defined here so that option works.
--
-- Parameters Orleans binds (named without '@'; Npgsql matches them to the @Name placeholders):
--   GrainIdHash             integer      hash of the grain key bytes
--   GrainIdN0, GrainIdN1    bigint       Guid key halves, or 0 and the integer key, or 0 and 0 for string keys
--   GrainTypeHash           integer      hash of GrainTypeString
--   GrainTypeString         text         grain state type name
--   GrainIdExtensionString  text / NULL  key extension, or the whole key for string-keyed grains
--   ServiceId               text         ClusterOptions.ServiceId
--   GrainStateVersion       integer/NULL the etag Orleans holds; NULL when it has never seen a row
--   PayloadBinary           bytea        serialized state
-- The hashes and N0/N1 only narrow the search; a grain is identified by all of the key columns together.
--
-- Versions (etags) are integers. A successful write or clear returns the new version; a refused one
-- returns no row, which Orleans turns into an InconsistentStateException.
--
-- The migrator runs this whole file as one command inside one transaction, and may run it again, so
-- everything is idempotent and there is no BEGIN/COMMIT and no psql meta-command here.

-- Shared query catalogue (also created by 0001), so this file stands on its own.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT orleansquery_pkey PRIMARY KEY (QueryKey)
);

-- One row per grain state. payload_binary is NULL after a clear (the row and its version survive, so
-- the etag keeps advancing); version is never NULL.
CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    grain_id_hash      integer     NOT NULL,
    grain_id_n0        bigint      NOT NULL,
    grain_id_n1        bigint      NOT NULL,
    grain_type_hash    integer     NOT NULL,
    grain_type         text        NOT NULL,
    grain_id_extension text        NULL,
    service_id         text        NOT NULL,
    payload_binary     bytea       NULL,
    version            integer     NOT NULL,
    modified_at        timestamptz NOT NULL DEFAULT now()
);

-- At most one row per grain identity, so two activations racing to create the same state (split brain)
-- cannot both succeed: the loser hits ON CONFLICT and gets no version back.
-- The text columns go in as md5 digests to keep index entries small whatever the type name or string key
-- length; NULLS NOT DISTINCT (PostgreSQL 15) makes a NULL extension count as one value.
CREATE UNIQUE INDEX IF NOT EXISTS orleans_grain_state_identity_key
    ON orleans_grain_state (
        grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1,
        md5(service_id), md5(grain_type), md5(grain_id_extension))
    NULLS NOT DISTINCT;

-- Next etag after v. Wraps to 1 at the integer ceiling instead of failing with an overflow, which would
-- leave the grain unwritable forever; a grain etag is only compared for equality.
CREATE OR REPLACE FUNCTION orleans_grain_state_next_version(v integer)
RETURNS integer
LANGUAGE sql
IMMUTABLE
AS $fn$
    SELECT CASE WHEN v >= 2147483647 THEN 1 ELSE v + 1 END;
$fn$;

-- Writes a grain state and returns its new version, or no row when the write is refused.
--   expected version given:  update the row only if it still has that version.
--   expected version NULL:   create the row with version 1, only if the grain has no row at all.
-- Both branches are single statements whose WHERE / ON CONFLICT re-check under the row lock or the unique
-- index, so concurrent writers of the same grain cannot both win.
CREATE OR REPLACE FUNCTION orleans_grain_state_write(
    p_grain_id_hash      integer,
    p_grain_id_n0        bigint,
    p_grain_id_n1        bigint,
    p_grain_type_hash    integer,
    p_grain_type         text,
    p_grain_id_extension text,
    p_service_id         text,
    p_expected_version   integer,
    p_payload            bytea)
RETURNS SETOF integer
LANGUAGE sql
AS $fn$
    WITH updated AS (
        UPDATE orleans_grain_state AS s
        SET payload_binary = p_payload,
            version        = orleans_grain_state_next_version(s.version),
            modified_at    = now()
        WHERE p_expected_version IS NOT NULL
          AND s.grain_id_hash = p_grain_id_hash
          AND s.grain_type_hash = p_grain_type_hash
          AND s.grain_id_n0 = p_grain_id_n0
          AND s.grain_id_n1 = p_grain_id_n1
          AND s.grain_type = p_grain_type
          AND s.grain_id_extension IS NOT DISTINCT FROM p_grain_id_extension
          AND s.service_id = p_service_id
          AND s.version = p_expected_version
        RETURNING s.version
    ),
    created AS (
        INSERT INTO orleans_grain_state
            (grain_id_hash, grain_id_n0, grain_id_n1, grain_type_hash, grain_type,
             grain_id_extension, service_id, payload_binary, version, modified_at)
        SELECT p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash, p_grain_type,
               p_grain_id_extension, p_service_id, p_payload, 1, now()
        WHERE p_expected_version IS NULL
        ON CONFLICT DO NOTHING
        RETURNING version
    )
    SELECT version FROM updated
    UNION ALL
    SELECT version FROM created;
$fn$;

-- The stored queries (dollar-quoted, no comments inside), upserted so a re-run refreshes them.
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- Result column "NewGrainStateVersion": the new etag; no row when the version check failed.
(
    'WriteToStorageKey',
    $q$
SELECT w.new_version AS "NewGrainStateVersion"
FROM orleans_grain_state_write(
    @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
    @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary) AS w(new_version);
$q$
),
-- Result columns "PayloadBinary" (NULL after a clear) and "Version". No row: the grain was never written,
-- and Orleans starts it with a NULL etag.
(
    'ReadFromStorageKey',
    $q$
SELECT
    payload_binary AS "PayloadBinary",
    version        AS "Version"
FROM orleans_grain_state
WHERE grain_id_hash = @GrainIdHash
  AND grain_type_hash = @GrainTypeHash
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_type = @GrainTypeString
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
  AND service_id = @ServiceId;
$q$
),
-- Clear keeps the row as a tombstone with no payload and a new version. Orleans reads the first column
-- as the new etag; no row means the version check failed.
(
    'ClearStorageKey',
    $q$
UPDATE orleans_grain_state
SET payload_binary = NULL,
    version        = orleans_grain_state_next_version(version),
    modified_at    = now()
WHERE grain_id_hash = @GrainIdHash
  AND grain_type_hash = @GrainTypeHash
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_type = @GrainTypeString
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
  AND service_id = @ServiceId
  AND version = @GrainStateVersion
RETURNING version AS "NewGrainStateVersion";
$q$
),
-- Used instead of ClearStorageKey when DeleteStateOnClear = true: removes the row. Orleans only needs a
-- non-empty value that differs from the etag it sent, so the would-be next version is returned; no row
-- means the version check failed.
(
    'DeleteStorageKey',
    $q$
DELETE FROM orleans_grain_state
WHERE grain_id_hash = @GrainIdHash
  AND grain_type_hash = @GrainTypeHash
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_type = @GrainTypeString
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
  AND service_id = @ServiceId
  AND version = @GrainStateVersion
RETURNING orleans_grain_state_next_version(version) AS "NewGrainStateVersion";
$q$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
