-- Retrying a failed run records new attempts of its failed steps, each with a result of its own: one result per
-- step and attempt (a retry's attempts count on from the failed one, so they never collide with it).
DROP INDEX IF EXISTS workflow_events_one_result;
CREATE UNIQUE INDEX IF NOT EXISTS workflow_events_one_result_per_attempt
    ON workflow_events (run_id, step_id, attempt) WHERE type IN ('step_succeeded', 'step_failed');
