-- Inserts the 23 seeded colours: 12 background and 11 text colours.
-- $1 = scale (unused: fixed rows), $2 = now (timestamptz).
INSERT INTO colors (id, name, hex_value, css_classes, color_type, display_order, is_active,
                    created_at)
SELECT md5('color:' || v.color_type || ':' || v.name)::uuid::text, v.name, v.hex_value,
       json_build_array(
           CASE v.color_type WHEN 'background' THEN 'bg-' ELSE 'text-' END
               || lower(replace(v.name, ' ', '-'))),
       v.color_type, v.display_order, true, $2::timestamptz - interval '410 days'
FROM (VALUES
    ('White', '#FFFFFF', 'background', 1),
    ('Black', '#000000', 'background', 2),
    ('Baby Pink', '#F8C8DC', 'background', 3),
    ('Sky Blue', '#87CEEB', 'background', 4),
    ('Mint', '#98FF98', 'background', 5),
    ('Lavender', '#E6E6FA', 'background', 6),
    ('Peach', '#FFDAB9', 'background', 7),
    ('Lemon', '#FFF44F', 'background', 8),
    ('Coral', '#FF7F50', 'background', 9),
    ('Navy', '#1F2A44', 'background', 10),
    ('Forest', '#228B22', 'background', 11),
    ('Grey', '#9E9E9E', 'background', 12),
    ('White', '#FFFFFF', 'text', 1),
    ('Black', '#000000', 'text', 2),
    ('Red', '#E53935', 'text', 3),
    ('Blue', '#1E88E5', 'text', 4),
    ('Green', '#43A047', 'text', 5),
    ('Gold', '#FFD700', 'text', 6),
    ('Silver', '#C0C0C0', 'text', 7),
    ('Hot Pink', '#FF69B4', 'text', 8),
    ('Purple', '#8E24AA', 'text', 9),
    ('Orange', '#FB8C00', 'text', 10),
    ('Teal', '#00897B', 'text', 11)
) AS v (name, hex_value, color_type, display_order)
