-- Security audit log, range-partitioned by month on occurred_at so old months can be detached or dropped
-- whole. pa_ensure_audit_partitions() creates the partitions ahead of time; the silo's audit writer calls it
-- at start and daily. The DEFAULT partition only catches rows outside every month created so far, and
-- pa_ensure_audit_partitions moves such rows into their month when it creates it.
CREATE SEQUENCE IF NOT EXISTS audit_logs_id_seq;

CREATE TABLE IF NOT EXISTS audit_logs (
    id          bigint      NOT NULL DEFAULT nextval('audit_logs_id_seq'),
    occurred_at timestamptz NOT NULL,
    kind        text        NOT NULL,
    user_id     uuid        NULL,
    subject     text        NULL,
    ip_address  text        NULL,
    detail      text        NULL,
    PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);

CREATE TABLE IF NOT EXISTS audit_logs_default PARTITION OF audit_logs DEFAULT;

CREATE INDEX IF NOT EXISTS audit_logs_user_time_idx ON audit_logs (user_id, occurred_at);
CREATE INDEX IF NOT EXISTS audit_logs_kind_time_idx ON audit_logs (kind, occurred_at);

-- Creates audit_logs_YYYYMM for this month and the next months_ahead months; returns how many it created.
CREATE OR REPLACE FUNCTION pa_ensure_audit_partitions(months_ahead integer DEFAULT 3)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    month_start timestamptz;
    month_end   timestamptz;
    part_name   text;
    created     integer := 0;
BEGIN
    FOR i IN 0..months_ahead LOOP
        month_start := date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + make_interval(months => i);
        month_end   := month_start + interval '1 month';
        part_name   := 'audit_logs_' || to_char(month_start AT TIME ZONE 'UTC', 'YYYYMM');

        CONTINUE WHEN to_regclass(part_name) IS NOT NULL;

        -- A new range partition may not overlap rows already sitting in the default partition: move them.
        EXECUTE format('CREATE TABLE %I (LIKE audit_logs INCLUDING DEFAULTS)', part_name);
        EXECUTE format(
            'WITH moved AS (DELETE FROM audit_logs_default WHERE occurred_at >= $1 AND occurred_at < $2 RETURNING *)
             INSERT INTO %I SELECT * FROM moved', part_name)
            USING month_start, month_end;
        EXECUTE format('ALTER TABLE audit_logs ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
            part_name, month_start, month_end);
        created := created + 1;
    END LOOP;
    RETURN created;
END;
$fn$;

SELECT pa_ensure_audit_partitions(3);
