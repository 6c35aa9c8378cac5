-- Inserts the order images for the orders already inserted: Stripe checkouts store the
-- frontend's tokenised final_image_url (image_type `final`), orders made through
-- /api/orders/create get relative `generated-images/<file>` paths (`final_composed`, plus
-- `generated` for AI templates). Printed orders carry the untokenised chinese_image_url.
-- $1 = scale (unused: one to two rows per order), $2 = now (unused: times follow the order).
WITH
o AS MATERIALIZED (
    SELECT o.id, o.template_id, o.status, o.order_number, o.created_at,
           floor(extract(epoch FROM o.created_at))::bigint AS created_s,
           t.category = 'ai' AS ai,
           md5('order_image:' || o.id) AS h,
           ('x' || substr(md5('order_image:' || o.id), 1, 7))::bit(28)::integer AS r
    FROM orders AS o
    JOIN templates AS t ON t.id = o.template_id
),
img AS (
    -- Stripe checkout: one `final` row holding the frontend's URL verbatim. Some abandoned
    -- checkouts never got that far.
    SELECT o.id AS order_id, o.status, o.created_at, 1 AS n, 'final' AS image_type,
           'order-session_' || (o.created_s - 120 - o.r % 600) || '-final-'
               || (o.created_s - 120 - o.r % 600) || '-' || substr(o.h, 9, 8) || '.png'
               AS file,
           o.created_s - 120 - o.r % 600 AS file_s, o.template_id, NULL::text AS session_id
    FROM o
    WHERE o.order_number IS NULL AND NOT (o.status = 'pending_payment' AND o.r % 3 = 0)
    UNION ALL
    -- upload-final with an order id: a composed PNG named after the order.
    SELECT o.id, o.status, o.created_at, 2, 'final_composed',
           'order-' || o.id || '-final-' || (o.created_s + 60 + o.r % 300) || '-'
               || substr(o.h, 17, 8) || '.png',
           o.created_s + 60 + o.r % 300, o.template_id,
           'session_' || (o.created_s + 60 + o.r % 300)
    FROM o
    WHERE o.order_number IS NOT NULL
    UNION ALL
    -- generate with an order id: the AI picture (really a JPEG) named after the order.
    SELECT o.id, o.status, o.created_at, 3, 'generated',
           'order-' || o.id || '-ai_generated-' || (o.created_s + 20 + o.r % 30) || '-'
               || substr(o.h, 25, 8) || '.png',
           o.created_s + 20 + o.r % 30, o.template_id, NULL
    FROM o
    WHERE o.order_number IS NOT NULL AND o.ai
)
INSERT INTO order_images (id, order_id, image_path, image_type, ai_params, chinese_image_url,
                          created_at)
SELECT
    md5('order_image:' || img.order_id || ':' || img.n)::uuid::text,
    img.order_id,
    CASE img.image_type
        WHEN 'final' THEN
            'https://pimpmycase.onrender.com/image/' || img.file || '?token='
                || (img.file_s + 3600) || ':end_user:' || md5(img.file)
                || md5(img.order_id)
        ELSE 'generated-images/' || img.file
    END,
    img.image_type,
    CASE img.image_type
        WHEN 'generated' THEN jsonb_build_object(
            'template_id', img.template_id,
            'style_params', jsonb_build_object('style', 'default', 'quality', 'high'),
            'prompt', 'Transform this photo in the ' || img.template_id
                      || ' style, keep the face recognisable')::json
        WHEN 'final_composed' THEN jsonb_build_object(
            'template_id', img.template_id,
            'composition_metadata', jsonb_build_object('width', 1390, 'height', 2780),
            'image_type', 'final_composed',
            'public_url', 'https://pimpmycase.onrender.com/image/' || img.file,
            'filename', img.file,
            'session_id', img.session_id)::json
    END,
    -- print/trigger stores the untokenised URL of the print image.
    CASE WHEN img.image_type <> 'generated'
              AND img.status IN ('print_command_sent', 'print_job_triggered', 'printing',
                                 'printed', 'completed', '12', '16') THEN
        'https://pimpmycase.onrender.com/image/' || img.file
    END,
    CASE img.image_type
        WHEN 'final' THEN img.created_at
        ELSE to_timestamp(img.file_s) + interval '0.25 seconds'
    END
FROM img
