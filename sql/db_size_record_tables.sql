-- Saves the sizes of every table for a snapshot; $1 = snapshot id, $2.. = parallel arrays of schema,
-- table, heap, index, TOAST and total bytes and estimated rows.
INSERT INTO pmc.size_history
    (snapshot_id, schema_name, table_name, heap_bytes, index_bytes, toast_bytes, total_bytes, estimated_rows)
SELECT $1, t.*
FROM unnest($2::text[], $3::text[], $4::int8[], $5::int8[], $6::int8[], $7::int8[], $8::int8[]) AS t
