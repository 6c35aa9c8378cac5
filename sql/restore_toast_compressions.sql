-- The TOAST compression methods this server was built with (lz4 only when compiled in): one
-- text[] row.
SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'
