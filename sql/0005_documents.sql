-- Collaborative documents. The operation log is the source of truth for a document's text: the content at
-- revision R is the newest snapshot at or before R with the logged operations after it applied. The document
-- grain writes each batch of operations in one statement before acknowledging any of them; the primary key
-- refuses a second writer of the same revision.
CREATE TABLE IF NOT EXISTS document_operations (
    document_id uuid        NOT NULL,
    revision    integer     NOT NULL CHECK (revision > 0),
    operation   text        NOT NULL,
    author_id   uuid        NOT NULL,
    session_id  text        NULL,
    seq         bigint      NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (document_id, revision)
);

CREATE TABLE IF NOT EXISTS document_snapshots (
    document_id uuid        NOT NULL,
    revision    integer     NOT NULL CHECK (revision >= 0),
    content     text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (document_id, revision)
);
