-- Inserts the 3 brands with the partner's real brand ids (Apple and Samsung) and the local,
-- not-yet-sold `google`. $1 = scale (unused: fixed rows), $2 = now (timestamptz).
INSERT INTO brands (id, name, display_name, chinese_brand_id, frame_color, button_color,
                    is_available, display_order, subtitle, created_at, updated_at)
SELECT v.id, v.name, v.display_name, v.chinese_brand_id, '#007AFF', '#007AFF',
       v.is_available, v.display_order, v.subtitle,
       $2::timestamptz - v.age,
       -- Apple and Samsung were renamed to the partner ids by a migration script, which is
       -- the only update these rows ever saw.
       CASE WHEN v.chinese_brand_id IS NOT NULL THEN $2::timestamptz - interval '200 days' END
FROM (VALUES
    ('BR20250111000002', 'iPhone', 'IPHONE', 'BR20250111000002', true, 1, NULL,
     interval '420 days'),
    ('BR020250120000001', 'Samsung', 'SAMSUNG', 'BR020250120000001', true, 2, NULL,
     interval '420 days'),
    ('google', 'Google', 'GOOGLE', NULL, false, 3, 'Coming soon!', interval '420 days')
) AS v (id, name, display_name, chinese_brand_id, is_available, display_order, subtitle, age)
