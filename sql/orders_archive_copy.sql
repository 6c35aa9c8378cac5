-- Copies the locked orders $1 and all their order_images into pmc_archive for run $2 (a row archived before and restored since is replaced by the newest copy); returns orders (bigint) and images (bigint), the rows copied. $1 = order ids (text[]), $2 = run id (bigint).
WITH copied_orders AS (
    INSERT INTO pmc_archive.orders (
        id, session_id, order_number, customer_name, customer_email, customer_phone,
        shipping_address_line1, shipping_address_line2, shipping_city, shipping_postcode,
        shipping_country, customer_notes, user_data, brand_id, model_id, template_id, status,
        total_amount, currency, stripe_session_id, stripe_payment_intent_id, payment_status,
        paid_at, queue_number, third_party_payment_id, chinese_payment_id,
        chinese_payment_status, chinese_order_id, estimated_completion, notes, machine_id,
        created_at, updated_at, completed_at, archived_at, run_id)
    SELECT o.id, o.session_id, o.order_number, o.customer_name, o.customer_email,
           o.customer_phone, o.shipping_address_line1, o.shipping_address_line2,
           o.shipping_city, o.shipping_postcode, o.shipping_country, o.customer_notes,
           o.user_data, o.brand_id, o.model_id, o.template_id, o.status, o.total_amount,
           o.currency, o.stripe_session_id, o.stripe_payment_intent_id, o.payment_status,
           o.paid_at, o.queue_number, o.third_party_payment_id, o.chinese_payment_id,
           o.chinese_payment_status, o.chinese_order_id, o.estimated_completion, o.notes,
           o.machine_id, o.created_at, o.updated_at, o.completed_at, now(), $2
    FROM orders AS o
    WHERE o.id = ANY ($1::text[])
    ON CONFLICT (id) DO UPDATE SET
        session_id = EXCLUDED.session_id, order_number = EXCLUDED.order_number,
        customer_name = EXCLUDED.customer_name, customer_email = EXCLUDED.customer_email,
        customer_phone = EXCLUDED.customer_phone,
        shipping_address_line1 = EXCLUDED.shipping_address_line1,
        shipping_address_line2 = EXCLUDED.shipping_address_line2,
        shipping_city = EXCLUDED.shipping_city, shipping_postcode = EXCLUDED.shipping_postcode,
        shipping_country = EXCLUDED.shipping_country,
        customer_notes = EXCLUDED.customer_notes, user_data = EXCLUDED.user_data,
        brand_id = EXCLUDED.brand_id, model_id = EXCLUDED.model_id,
        template_id = EXCLUDED.template_id, status = EXCLUDED.status,
        total_amount = EXCLUDED.total_amount, currency = EXCLUDED.currency,
        stripe_session_id = EXCLUDED.stripe_session_id,
        stripe_payment_intent_id = EXCLUDED.stripe_payment_intent_id,
        payment_status = EXCLUDED.payment_status, paid_at = EXCLUDED.paid_at,
        queue_number = EXCLUDED.queue_number,
        third_party_payment_id = EXCLUDED.third_party_payment_id,
        chinese_payment_id = EXCLUDED.chinese_payment_id,
        chinese_payment_status = EXCLUDED.chinese_payment_status,
        chinese_order_id = EXCLUDED.chinese_order_id,
        estimated_completion = EXCLUDED.estimated_completion, notes = EXCLUDED.notes,
        machine_id = EXCLUDED.machine_id, created_at = EXCLUDED.created_at,
        updated_at = EXCLUDED.updated_at, completed_at = EXCLUDED.completed_at,
        archived_at = EXCLUDED.archived_at, run_id = EXCLUDED.run_id
    RETURNING 1
),
copied_images AS (
    INSERT INTO pmc_archive.order_images (
        id, order_id, image_path, image_type, ai_params, chinese_image_url, created_at,
        archived_at, run_id)
    SELECT i.id, i.order_id, i.image_path, i.image_type, i.ai_params, i.chinese_image_url,
           i.created_at, now(), $2
    FROM order_images AS i
    WHERE i.order_id = ANY ($1::text[])
    ON CONFLICT (id) DO UPDATE SET
        order_id = EXCLUDED.order_id, image_path = EXCLUDED.image_path,
        image_type = EXCLUDED.image_type, ai_params = EXCLUDED.ai_params,
        chinese_image_url = EXCLUDED.chinese_image_url, created_at = EXCLUDED.created_at,
        archived_at = EXCLUDED.archived_at, run_id = EXCLUDED.run_id
    RETURNING 1
)
SELECT (SELECT count(*) FROM copied_orders) AS orders,
       (SELECT count(*) FROM copied_images) AS images
