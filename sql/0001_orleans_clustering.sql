-- Orleans membership (Microsoft.Orleans.Clustering.AdoNet 10.4.x) on PostgreSQL 15.
--
-- Orleans never touches these tables directly. At start-up the provider runs
--     SELECT QueryKey, QueryText FROM OrleansQuery
-- and from then on executes the stored texts, binding named parameters (DeploymentId, Address, Port,
-- Generation, ...) and reading result columns by name. So the contract is: the table OrleansQuery, the
-- query keys, the @parameter names, and the result column names/types. Table and function names below
-- are ours. Result columns are aliased with quoted exact-case names ("Address", "Version", ...) so the
-- reader finds them by an exact match rather than relying on a case-insensitive fallback.
--
-- Parameters Orleans binds (all named without '@'; Npgsql matches them to the @Name placeholders):
--   DeploymentId   text         ClusterOptions.ClusterId
--   Address        text         silo IP as a string (DbType.AnsiString)
--   Port           integer
--   Generation     integer
--   SiloName       text
--   HostName       text
--   Status         integer      SiloStatus: 3 = Active, 6 = Dead
--   ProxyPort      integer      gateway port, 0 when the silo is no gateway
--   SuspectTimes   text / NULL  "silo,date|silo,date" as written by Orleans
--   StartTime      timestamptz  DateTime with Kind = Utc
--   IAmAliveTime   timestamptz  DateTime with Kind = Utc
--   Version        integer      the membership table etag Orleans last read
--
-- The migrator runs this whole file as one command inside one transaction, and may run it again, so
-- everything is idempotent and there is no BEGIN/COMMIT and no psql meta-command here.

-- The query catalogue shared by every Orleans ADO.NET provider. Its name and the two column names are
-- fixed by Orleans. Created here and again (IF NOT EXISTS) by the persistence script, so either runs alone.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT orleansquery_pkey PRIMARY KEY (QueryKey)
);

-- One row per cluster: the membership table version. Every membership write must present the version it
-- read and moves it on by one; that single counter is the etag of the whole membership table.
CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id text        NOT NULL,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orleans_membership_version_pkey PRIMARY KEY (deployment_id)
);

-- One row per silo incarnation (address, port and generation identify it).
-- proxy_port, silo_name and host_name are NOT NULL because Orleans reads them with casts that fail on NULL.
CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id   text        NOT NULL,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL DEFAULT 0,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    CONSTRAINT orleans_membership_pkey PRIMARY KEY (deployment_id, address, port, generation),
    CONSTRAINT orleans_membership_version_fkey FOREIGN KEY (deployment_id)
        REFERENCES orleans_membership_version (deployment_id)
);

-- Adds a silo row and advances the table version, both or neither. Returns 1 on success, 0 when the
-- expected version is stale, the cluster has no version row yet, or the silo row already exists.
-- Locking the version row first serialises all membership writers of a cluster, so the check-then-write
-- below cannot interleave with another writer; nothing is written before every check has passed, so a
-- refusal needs no rollback. At the integer ceiling we refuse rather than overflow: Orleans orders
-- membership snapshots by this number, so it must never wrap.
CREATE OR REPLACE FUNCTION orleans_membership_insert_silo(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_silo_name        text,
    p_host_name        text,
    p_status           integer,
    p_proxy_port       integer,
    p_start_time       timestamptz,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_current integer;
BEGIN
    SELECT mv.version INTO v_current
    FROM orleans_membership_version AS mv
    WHERE mv.deployment_id = p_deployment_id
    FOR UPDATE;

    IF NOT FOUND OR p_expected_version IS NULL
       OR v_current <> p_expected_version OR v_current = 2147483647 THEN
        RETURN 0;
    END IF;

    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name,
         status, proxy_port, suspect_times, start_time, i_am_alive_time)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
         p_status, COALESCE(p_proxy_port, 0), NULL, p_start_time, p_i_am_alive_time)
    ON CONFLICT (deployment_id, address, port, generation) DO NOTHING;

    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleans_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id;

    RETURN 1;
END
$fn$;

-- Changes a silo row (status, suspicions, liveness) and advances the table version, both or neither.
-- Same locking and refusal rules as the insert. i_am_alive_time never moves backwards: the entry Orleans
-- sends may carry a heartbeat older than one written since by the silo itself.
CREATE OR REPLACE FUNCTION orleans_membership_update_silo(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_status           integer,
    p_suspect_times    text,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_current integer;
BEGIN
    SELECT mv.version INTO v_current
    FROM orleans_membership_version AS mv
    WHERE mv.deployment_id = p_deployment_id
    FOR UPDATE;

    IF NOT FOUND OR p_expected_version IS NULL
       OR v_current <> p_expected_version OR v_current = 2147483647 THEN
        RETURN 0;
    END IF;

    UPDATE orleans_membership AS m
    SET status          = p_status,
        suspect_times   = p_suspect_times,
        i_am_alive_time = GREATEST(m.i_am_alive_time, p_i_am_alive_time)
    WHERE m.deployment_id = p_deployment_id
      AND m.address = p_address
      AND m.port = p_port
      AND m.generation = p_generation;

    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleans_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id;

    RETURN 1;
END
$fn$;

-- The stored queries. Dollar-quoted so the SQL inside needs no quote doubling; no comments inside the
-- texts, so nothing but real placeholders is ever seen by the Npgsql parameter parser.
-- Every row is upserted, so re-running this file refreshes the texts.
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- Creates the version row of the cluster if missing. One column: 1 if it was created, 0 if it already existed.
(
    'InsertMembershipVersionKey',
    $q$
WITH created AS (
    INSERT INTO orleans_membership_version (deployment_id)
    VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS "Created" FROM created;
$q$
),
-- One column: 1 when the row was added and the version advanced, 0 otherwise.
(
    'InsertMembershipKey',
    $q$
SELECT orleans_membership_insert_silo(
    @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
    @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS "Inserted";
$q$
),
-- One column: 1 when the row was changed and the version advanced, 0 otherwise.
(
    'UpdateMembershipKey',
    $q$
SELECT orleans_membership_update_silo(
    @DeploymentId, @Address, @Port, @Generation,
    @Status, @SuspectTimes, @IAmAliveTime, @Version) AS "Updated";
$q$
),
-- Heartbeat. Deliberately does not touch the version: liveness is not a membership change, and Orleans
-- reads no result from it. Never moves the time backwards.
(
    'UpdateIAmAlivetimeKey',
    $q$
UPDATE orleans_membership
SET i_am_alive_time = GREATEST(i_am_alive_time, @IAmAliveTime)
WHERE deployment_id = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation;
$q$
),
-- The version row joined to the row of one silo. Always one row while the cluster exists: when the silo is
-- unknown its columns are NULL, and a NULL "StartTime" is how Orleans recognises "no entry".
(
    'MembershipReadRowKey',
    $q$
SELECT
    v.deployment_id   AS "DeploymentId",
    m.address         AS "Address",
    m.port            AS "Port",
    m.generation      AS "Generation",
    m.silo_name       AS "SiloName",
    m.host_name       AS "HostName",
    m.status          AS "Status",
    m.proxy_port      AS "ProxyPort",
    m.suspect_times   AS "SuspectTimes",
    m.start_time      AS "StartTime",
    m.i_am_alive_time AS "IAmAliveTime",
    v.version         AS "Version"
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership AS m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address
      AND m.port = @Port
      AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
$q$
),
-- Same columns for every silo of the cluster, read in one statement so the rows and the version belong
-- to the same snapshot.
(
    'MembershipReadAllKey',
    $q$
SELECT
    v.deployment_id   AS "DeploymentId",
    m.address         AS "Address",
    m.port            AS "Port",
    m.generation      AS "Generation",
    m.silo_name       AS "SiloName",
    m.host_name       AS "HostName",
    m.status          AS "Status",
    m.proxy_port      AS "ProxyPort",
    m.suspect_times   AS "SuspectTimes",
    m.start_time      AS "StartTime",
    m.i_am_alive_time AS "IAmAliveTime",
    v.version         AS "Version"
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership AS m
       ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId;
$q$
),
-- Gateways for clients: silos in the given status (Orleans passes 3 = Active) that listen for clients.
(
    'GatewaysQueryKey',
    $q$
SELECT
    address    AS "Address",
    proxy_port AS "ProxyPort",
    generation AS "Generation"
FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND status = @Status
  AND proxy_port > 0;
$q$
),
-- Drops a whole cluster: silo rows first, then the version row they reference.
(
    'DeleteMembershipTableEntriesKey',
    $q$
DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId;
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;
$q$
),
-- Required to exist, but only used by Orleans 10.4 when CleanupDefunctSiloEntryKey is missing.
-- @IAmAliveTime is the cut-off. Removes Dead (6) rows that started and last heartbeated before it and
-- carry no suspicion votes (votes could be newer than the cut-off; the per-row query handles those).
(
    'CleanupDefunctSiloEntriesKey',
    $q$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND status = 6
  AND i_am_alive_time < @IAmAliveTime
  AND start_time < @IAmAliveTime
  AND COALESCE(suspect_times, '') = '';
$q$
),
-- Preferred by Orleans 10.4 when present: it reads all rows, decides in .NET which Dead rows are older
-- than the cut-off, then deletes each one only if it still holds exactly the values it read (start time,
-- heartbeat, votes). A row that changed in between is left alone.
(
    'CleanupDefunctSiloEntryKey',
    $q$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime
  AND i_am_alive_time = @IAmAliveTime
  AND COALESCE(suspect_times, '') = COALESCE(@SuspectTimes, '');
$q$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
