-- Authored operations (who or what wrote each operation, and what takes it back), blame kept with snapshots, and
-- named versions. Rows written before this migration are 'user' operations without an inverse: undo rebuilds
-- their inverse from the text before them, and blame replays from the first snapshot.
ALTER TABLE document_operations
    ADD COLUMN IF NOT EXISTS author_kind text    NOT NULL DEFAULT 'user' CHECK (author_kind IN ('user', 'ai', 'workflow')),
    ADD COLUMN IF NOT EXISTS model       text    NULL,
    ADD COLUMN IF NOT EXISTS run_id      uuid    NULL,
    ADD COLUMN IF NOT EXISTS agent       text    NULL,
    ADD COLUMN IF NOT EXISTS undo_of     integer[] NULL,
    ADD COLUMN IF NOT EXISTS redo        boolean NOT NULL DEFAULT false,
    ADD COLUMN IF NOT EXISTS inverse     text    NULL;

-- The authorship spans of the content at the snapshot's revision (JSON), so blame loads with the text.
ALTER TABLE document_snapshots ADD COLUMN IF NOT EXISTS blame text NULL;

CREATE TABLE IF NOT EXISTS document_versions (
    document_id uuid        NOT NULL,
    version_id  uuid        NOT NULL,
    name        text        NOT NULL,
    revision    integer     NOT NULL CHECK (revision >= 0),
    created_by  uuid        NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (document_id, version_id)
);

CREATE INDEX IF NOT EXISTS document_versions_by_revision ON document_versions (document_id, revision DESC, created_at DESC);
