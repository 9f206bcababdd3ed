-- Outgoing mail: stored before the request that asked for it is answered, sent in the background with retries.
-- A row is claimed by pushing next_attempt_at past the send timeout (FOR UPDATE SKIP LOCKED, so silos share the
-- work), deleted once delivered, and kept with failed_at set when given up.
CREATE TABLE IF NOT EXISTS mail_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL,
    recipient       text NOT NULL,
    subject         text NOT NULL,
    text_body       text NOT NULL,
    html_body       text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    failed_at       timestamptz
);
CREATE INDEX IF NOT EXISTS mail_outbox_due ON mail_outbox (next_attempt_at) WHERE failed_at IS NULL;
