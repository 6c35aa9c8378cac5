-- Inserts the 9 templates seeded by init_db.py (slugs as ids, all 35.00 GBP).
-- $1 = scale (unused: fixed rows), $2 = now (timestamptz).
INSERT INTO templates (id, name, description, price, currency, category, image_count, features,
                       preview_image_path, display_price, is_active, display_order, created_at,
                       updated_at)
SELECT v.id, v.name, v.description, 35.00, 'GBP', v.category, v.image_count, v.features::json,
       '/previews/' || v.id || '.png', '£35.00', true, v.display_order,
       $2::timestamptz - interval '410 days' + v.display_order * interval '1 minute', NULL
FROM (VALUES
    ('classic', 'Classic', 'Your photo on a premium case', 'basic', 1, '["Single photo", "Custom text", "Font and colour choice"]', 1),
    ('2-in-1', '2-in-1', 'Two photos side by side', 'basic', 2, '["Two photos", "Split layout"]', 2),
    ('3-in-1', '3-in-1', 'Three photo collage', 'basic', 3, '["Three photos", "Collage layout"]', 3),
    ('4-in-1', '4-in-1', 'Four photo grid', 'basic', 4, '["Four photos", "Grid layout"]', 4),
    ('film-strip-3', 'Film Strip', 'Retro film strip with three frames', 'film', 3, '["Three photos", "Film strip frame"]', 5),
    ('funny-toon', 'Funny Toon', 'Turn your photo into a cartoon', 'ai', 1, '["AI cartoon", "Style presets"]', 6),
    ('retro-remix', 'Retro Remix', 'Vintage AI remix of your photo', 'ai', 1, '["AI retro styles", "Custom keywords"]', 7),
    ('cover-shoot', 'Cover Shoot', 'Magazine cover starring you', 'ai', 1, '["AI magazine cover", "Headline text"]', 8),
    ('glitch-pro', 'Glitch Pro', 'Digital glitch art effect', 'ai', 1, '["AI glitch effect", "Intensity levels"]', 9)
) AS v (id, name, description, category, image_count, features, display_order)
