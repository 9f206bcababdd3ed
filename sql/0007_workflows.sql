-- Workflow runs. A run's event history is the source of truth for its state: the run grain appends each batch
-- of events in one statement before it acts on them, and rebuilds itself from them on activation. The primary
-- key refuses a second writer of the same sequence number, and the partial unique index refuses a second
-- recorded result for a step, so a result is never recorded twice whatever happens to the silos.
CREATE TABLE IF NOT EXISTS workflow_events (
    run_id     uuid        NOT NULL,
    seq        integer     NOT NULL CHECK (seq > 0),
    type       text        NOT NULL,
    step_id    text        NULL,
    attempt    integer     NULL,
    created_at timestamptz NOT NULL,
    data       json        NULL,
    PRIMARY KEY (run_id, seq)
);

CREATE UNIQUE INDEX IF NOT EXISTS workflow_events_one_result
    ON workflow_events (run_id, step_id) WHERE type IN ('step_succeeded', 'step_failed');

-- One row per run: who owns it, where it stands, and when the recovery sweep should look at it (NULL: never,
-- because it is finished, waits for a signal, or has a reminder of its own).
CREATE TABLE IF NOT EXISTS workflow_runs (
    run_id      uuid        PRIMARY KEY,
    workflow_id uuid        NOT NULL,
    version     integer     NOT NULL,
    owner_id    uuid        NOT NULL,
    status      text        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    sweep_after timestamptz NULL
);

CREATE INDEX IF NOT EXISTS workflow_runs_sweep ON workflow_runs (sweep_after) WHERE sweep_after IS NOT NULL;
CREATE INDEX IF NOT EXISTS workflow_runs_by_workflow ON workflow_runs (workflow_id, created_at);
