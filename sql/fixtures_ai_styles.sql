-- Inserts a few AI styles for the AI templates (the store seeds none; these are made up).
-- $1 = scale (unused: fixed rows), $2 = now (timestamptz).
INSERT INTO ai_styles (id, template_id, style_name, description, prompt_keywords, is_active,
                       display_order, created_at)
SELECT md5('ai_style:' || v.template_id || ':' || v.style_name)::uuid::text, v.template_id,
       v.style_name, v.description, v.keywords::json, true, v.display_order,
       $2::timestamptz - interval '300 days' + v.display_order * interval '1 minute'
FROM (VALUES
    ('funny-toon', 'Classic Cartoon', 'Bold outlines and flat colours', '["cartoon", "bold outlines", "flat colours"]', 1),
    ('funny-toon', 'Anime', 'Japanese animation look', '["anime", "cel shading"]', 2),
    ('funny-toon', 'Caricature', 'Exaggerated features', '["caricature", "big head"]', 3),
    ('retro-remix', 'Eighties', 'Neon and chrome', '["1980s", "neon", "synthwave"]', 1),
    ('retro-remix', 'Polaroid', 'Faded instant photo', '["polaroid", "faded", "vintage"]', 2),
    ('cover-shoot', 'Fashion', 'Glossy fashion magazine', '["magazine cover", "studio lighting"]', 1),
    ('cover-shoot', 'Sports', 'Sports weekly cover', '["sports magazine", "action"]', 2),
    ('glitch-pro', 'Low', 'Subtle RGB split', '["glitch", "rgb split", "subtle"]', 1),
    ('glitch-pro', 'High', 'Heavy datamosh', '["glitch", "datamosh", "scanlines"]', 2)
) AS v (template_id, style_name, description, keywords, display_order)
