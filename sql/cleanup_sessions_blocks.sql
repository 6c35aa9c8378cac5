-- The current size of vending_machine_sessions in blocks, to continue over rows that concurrent updates moved past the end seen at the start; returns blocks (bigint).
SELECT pg_relation_size(to_regclass('vending_machine_sessions'))
       / current_setting('block_size')::bigint AS blocks
