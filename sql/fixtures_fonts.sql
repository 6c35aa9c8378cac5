-- Inserts the 16 fonts the store seeds (web-safe and Google fonts).
-- $1 = scale (unused: fixed rows), $2 = now (timestamptz).
INSERT INTO fonts (id, name, css_style, font_weight, is_google_font, google_font_url,
                   display_order, is_active, created_at)
SELECT md5('font:' || v.name)::uuid::text, v.name, 'font-family: ''' || v.name || ''', ' || v.fallback,
       v.weight, v.google,
       CASE WHEN v.google THEN 'https://fonts.googleapis.com/css2?family='
                               || replace(v.name, ' ', '+') || ':wght@' || v.weight
                               || '&display=swap' END,
       v.display_order, true, $2::timestamptz - interval '410 days'
FROM (VALUES
    ('Arial', 'sans-serif', '400', false, 1),
    ('Georgia', 'serif', '400', false, 2),
    ('Times New Roman', 'serif', '400', false, 3),
    ('Courier New', 'monospace', '400', false, 4),
    ('Verdana', 'sans-serif', '400', false, 5),
    ('Impact', 'sans-serif', '400', false, 6),
    ('Comic Sans MS', 'cursive', '400', false, 7),
    ('Roboto', 'sans-serif', '400', true, 8),
    ('Open Sans', 'sans-serif', '400', true, 9),
    ('Montserrat', 'sans-serif', '700', true, 10),
    ('Lobster', 'cursive', '400', true, 11),
    ('Pacifico', 'cursive', '400', true, 12),
    ('Dancing Script', 'cursive', '700', true, 13),
    ('Bebas Neue', 'sans-serif', '400', true, 14),
    ('Playfair Display', 'serif', '700', true, 15),
    ('Oswald', 'sans-serif', '500', true, 16)
) AS v (name, fallback, weight, google, display_order)
