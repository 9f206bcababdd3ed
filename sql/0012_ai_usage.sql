-- One row per AI call that went upstream (issue 14): who called, what was asked for and what served it, tokens,
-- cost, latency and how it ended. Written in batches by the silo (binary COPY) behind the calls. Listings read
-- newest first by (time, id); the per-user and per-model indexes serve the two filters the APIs offer.
CREATE TABLE IF NOT EXISTS ai_usage (
    id                  bigserial   PRIMARY KEY,
    request_id          text        NOT NULL,
    time                timestamptz NOT NULL,
    user_id             uuid        NOT NULL,
    api_key_id          text        NULL,
    endpoint            text        NOT NULL,
    model_requested     text        NOT NULL,
    model_served        text        NULL,
    provider            text        NULL,
    input_tokens        bigint      NOT NULL,
    output_tokens       bigint      NOT NULL,
    cached_input_tokens bigint      NOT NULL,
    cost_micro_usd      bigint      NOT NULL,
    latency_ms          integer     NOT NULL,
    ttft_ms             integer     NULL,
    status              text        NOT NULL,
    streamed            boolean     NOT NULL,
    edition             text        NULL
);

CREATE INDEX IF NOT EXISTS ai_usage_time_idx ON ai_usage (time DESC, id DESC);
CREATE INDEX IF NOT EXISTS ai_usage_user_time_idx ON ai_usage (user_id, time DESC, id DESC);
CREATE INDEX IF NOT EXISTS ai_usage_model_time_idx ON ai_usage (model_served, time DESC, id DESC);
