-- Whether vending_machine_sessions.order_id leads a valid index: without one, the foreign key check of every archived order's delete reads the whole sessions table, inside the batch's transaction; returns indexed (bool). No parameters.
SELECT EXISTS (
    SELECT 1
    FROM pg_index AS i
    JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
    WHERE i.indrelid = to_regclass('vending_machine_sessions')
      AND i.indisvalid
      AND i.indpred IS NULL
      AND a.attname = 'order_id'
) AS indexed
