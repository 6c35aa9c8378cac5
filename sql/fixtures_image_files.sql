-- Returns the image files to write into generated-images/ as (file_name, mtime_s, content,
-- size_bytes, source): every file referenced by order_images or session_data in the 72 hours
-- before $2 (the factory may still download those), about 3% of the older references (the
-- real folder loses its files on every redeploy), and 120 × $1 orphans (designs that never
-- reached checkout). content is `png` (final designs), `jpeg` (AI images: Gemini returns
-- JPEG bytes under a .png name) or `junk` (617-byte failed decodes).
-- $1 = scale (integer), $2 = now (timestamptz).
WITH
session_refs AS (
    SELECT d ->> 'final_image_url' AS url, d -> 'order_summary' ->> 'finalImagePublicUrl' AS url2,
           d ->> 'original_image_url' AS url3
    FROM (SELECT session_data::jsonb AS d
          FROM vending_machine_sessions
          WHERE session_data IS NOT NULL) AS s
    WHERE d ? 'order_summary'
),
refs AS (
    SELECT regexp_replace(split_part(image_path, '?', 1), '^.*/', '') AS file_name,
           CASE WHEN image_path LIKE 'http%' THEN 'order_image_url'
                ELSE 'order_image_path' END AS source
    FROM order_images
    UNION ALL
    SELECT regexp_replace(split_part(u.url, '?', 1), '^.*/', ''), 'session_data'
    FROM session_refs AS r
    CROSS JOIN LATERAL (VALUES (r.url), (r.url2), (r.url3)) AS u (url)
    WHERE u.url IS NOT NULL
),
orphans AS (
    SELECT CASE
               WHEN k % 20 < 12 THEN 'order-session_' || ts || '-final-' || ts || '-'
                                     || substr(h, 1, 8) || '.png'
               WHEN k % 20 < 19 THEN
                   (ARRAY['funny-toon', 'retro-remix', 'cover-shoot', 'glitch-pro'])[1 + k % 4]
                       || '-' || ts || '-' || substr(h, 1, 8) || '.png'
               ELSE 'order-' || md5('orphan order:' || k)::uuid || '-ai_generated-' || ts
                    || '-' || substr(h, 1, 8) || '.png'
           END AS file_name,
           'orphan' AS source
    FROM (
        SELECT k, md5('orphan:' || k) AS h,
               floor(extract(epoch FROM $2::timestamptz))::bigint - 60
                   - ('x' || substr(md5('orphan:' || k), 9, 7))::bit(28)::integer
                     % (120 * 86400) AS ts
        FROM generate_series(0, 120 * $1::integer - 1) AS k
    ) AS o
),
files AS (
    SELECT DISTINCT ON (file_name) file_name, source,
           substring(file_name FROM '-([0-9]+)-[0-9a-f]{8}\.png$')::bigint AS ts,
           ('x' || substr(md5(file_name), 1, 7))::bit(28)::integer AS r
    FROM (SELECT * FROM refs UNION ALL SELECT * FROM orphans) AS all_files
    ORDER BY file_name, source
)
SELECT file_name,
       ts + r % 5 AS mtime_s,
       CASE WHEN file_name LIKE '%-final-%' THEN 'png'
            WHEN r % 8 = 0 THEN 'junk'
            ELSE 'jpeg' END AS content,
       CASE WHEN file_name LIKE '%-final-%' THEN 3000 + r % 5000
            WHEN r % 8 = 0 THEN 617
            ELSE 2000 + r % 4000 END AS size_bytes,
       source
FROM files
WHERE source = 'orphan'
   OR ts > floor(extract(epoch FROM $2::timestamptz))::bigint - 3 * 86400
   OR (r / 8) % 100 < 3
ORDER BY file_name
