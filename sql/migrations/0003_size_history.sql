-- The size of every table at each snapshot.
CREATE TABLE pmc.size_history (
    snapshot_id    bigint NOT NULL REFERENCES pmc.size_snapshots (id) ON DELETE CASCADE,
    schema_name    text NOT NULL,
    table_name     text NOT NULL,
    heap_bytes     bigint NOT NULL,
    index_bytes    bigint NOT NULL,
    toast_bytes    bigint NOT NULL,
    total_bytes    bigint NOT NULL,
    estimated_rows bigint,
    PRIMARY KEY (snapshot_id, schema_name, table_name)
)
