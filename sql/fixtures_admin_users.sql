-- Inserts two admin users (the table is unused by the store). The password hashes are
-- bcrypt-shaped placeholders that match no password. $1 = scale (unused), $2 = now.
INSERT INTO admin_users (id, username, email, password_hash, role, is_active, last_login,
                         created_at, updated_at)
SELECT md5('admin_user:' || v.username)::uuid::text, v.username, v.email,
       '$2b$12$' || substr(md5('no password:' || v.username) || md5(v.email), 1, 53),
       v.role, v.active, NULL, $2::timestamptz - interval '410 days', NULL
FROM (VALUES
    ('admin', 'admin@pimpmycase.example', 'admin', true),
    ('viewer', 'viewer@pimpmycase.example', 'viewer', false)
) AS v (username, email, role, active)
