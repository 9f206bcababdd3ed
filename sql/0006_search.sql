-- Semantic search. Each document is cut into chunks of a few lines; each chunk's all-MiniLM-L6-v2 embedding
-- (384 floats, L2-normalised) is kept here. pgvector is not packaged for Debian 12's PostgreSQL, so vectors are
-- plain real[] and the project's search grain ranks them in memory, loading its project's rows on activation.
-- A document's rows are replaced together, in one transaction, whenever it is re-embedded.
CREATE TABLE IF NOT EXISTS search_chunks (
    document_id  uuid    NOT NULL,
    chunk_index  integer NOT NULL CHECK (chunk_index >= 0),
    project_id   uuid    NOT NULL,
    path         text    NOT NULL,
    revision     integer NOT NULL,
    start_offset integer NOT NULL,
    content      text    NOT NULL,
    embedding    real[]  NOT NULL,
    PRIMARY KEY (document_id, chunk_index)
);

CREATE INDEX IF NOT EXISTS search_chunks_by_project ON search_chunks (project_id);
