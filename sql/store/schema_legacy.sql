-- Legacy extras of a live PimpMyCase database that once had the old `init_database.sql`
-- applied (shared/store-facts.md section 1.5). Apply AFTER schema.sql.
--
-- The old script's own `orders` and `admin_users` tables were replaced by the ORM ones, but
-- what it created around them can survive: the tables ai_generations, sessions and
-- template_pricing, two views, its indexes and the updated_at trigger. Differences from the
-- original file, on purpose:
--   * the views and indexes are defined over the ORM column names (status, not order_status;
--     total_amount, not total_price) so that they are valid on today's orders table;
--   * ai_generations.order_id has no foreign key: the old one pointed at the legacy UUID
--     orders table and went away when that table was dropped with CASCADE;
--   * uuid defaults use the built-in gen_random_uuid() instead of the uuid-ossp extension;
--   * no admin seed (the original seeded a publicly documented default password hash) and
--     no GRANTs to the `pimpmycase_user` role, which a fresh cluster does not have.

CREATE TABLE ai_generations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    order_id character varying,
    session_id character varying(255),
    template_name character varying(100),
    prompt text,
    style_params jsonb,
    image_url text,
    status character varying(50) DEFAULT 'pending',
    error_message text,
    generation_time_ms integer,
    created_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    completed_at timestamp without time zone
);

CREATE TABLE sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id character varying(255) NOT NULL UNIQUE,
    user_data jsonb,
    ip_address character varying(45),
    user_agent text,
    created_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    last_accessed timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    expires_at timestamp without time zone
);

CREATE TABLE template_pricing (
    id serial PRIMARY KEY,
    template_id character varying(100) NOT NULL UNIQUE,
    template_name character varying(255) NOT NULL,
    base_price numeric(10, 2) NOT NULL,
    ai_price numeric(10, 2) DEFAULT 0.00,
    is_ai_template boolean DEFAULT false,
    is_active boolean DEFAULT true,
    created_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO template_pricing (template_id, template_name, base_price, ai_price, is_ai_template)
VALUES
    ('classic', 'Classic', 15.99, 0.00, false),
    ('ai', 'AI Generated', 19.99, 4.00, true);

CREATE INDEX idx_orders_created_at ON orders (created_at);
CREATE INDEX idx_orders_status ON orders (status);
CREATE INDEX idx_orders_payment_status ON orders (payment_status);
CREATE INDEX idx_orders_stripe_session ON orders (stripe_session_id);
CREATE INDEX idx_orders_updated_at ON orders (updated_at);

CREATE INDEX idx_ai_generations_order_id ON ai_generations (order_id);
CREATE INDEX idx_ai_generations_status ON ai_generations (status);
CREATE INDEX idx_ai_generations_created_at ON ai_generations (created_at);

CREATE INDEX idx_sessions_session_id ON sessions (session_id);
CREATE INDEX idx_sessions_expires_at ON sessions (expires_at);

CREATE OR REPLACE FUNCTION update_updated_at_column()
RETURNS TRIGGER AS $$
BEGIN
    NEW.updated_at = CURRENT_TIMESTAMP;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER update_orders_updated_at
    BEFORE UPDATE ON orders
    FOR EACH ROW
    EXECUTE FUNCTION update_updated_at_column();

CREATE VIEW order_analytics AS
SELECT
    date(created_at) AS order_date,
    count(*) AS total_orders,
    count(*) FILTER (WHERE payment_status = 'paid') AS paid_orders,
    count(*) FILTER (WHERE status = 'completed') AS completed_orders,
    sum(total_amount) AS total_revenue,
    avg(total_amount) AS avg_order_value
FROM orders
GROUP BY date(created_at)
ORDER BY order_date DESC;

CREATE VIEW recent_activity AS
SELECT 'order' AS activity_type,
       id AS reference_id,
       status AS description,
       created_at
FROM orders
WHERE created_at > now() - interval '24 hours'
UNION ALL
SELECT 'ai_generation' AS activity_type,
       id::text AS reference_id,
       template_name AS description,
       created_at AT TIME ZONE 'UTC' AS created_at
FROM ai_generations
WHERE created_at > (now() AT TIME ZONE 'UTC') - interval '24 hours'
ORDER BY created_at DESC;
