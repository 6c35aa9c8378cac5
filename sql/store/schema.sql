-- PimpMyCase store schema, as SQLAlchemy 2.0 `Base.metadata.create_all()` creates it from the
-- store's `backend/models.py` (branch premium-canvas-editor), on PostgreSQL.
--
-- Faithful to the ORM, warts included (see shared/store-facts.md section 1):
--   * every primary key is `character varying` with no length; the uuid4 default is Python-side;
--   * every other default (status, currency, stock, is_active, ...) is Python-side too, so it
--     is NOT in the table: an INSERT that omits those columns stores NULL;
--   * the only server defaults are `now()` on created_at and on the sessions' last_activity;
--   * updated_at has no default at all (the ORM's onupdate fills it);
--   * JSON columns are `json`, not `jsonb`;
--   * foreign keys have no ON DELETE action (cascades exist only in the ORM);
--   * there are no secondary indexes: only the primary keys and the UNIQUE constraints.
-- Tables are in the dependency order create_all uses.

CREATE TABLE brands (
    id character varying NOT NULL,
    name character varying(100) NOT NULL,
    display_name character varying(100) NOT NULL,
    chinese_brand_id character varying(100),
    frame_color character varying(50),
    button_color character varying(50),
    is_available boolean,
    display_order integer,
    subtitle character varying(200),
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone,
    PRIMARY KEY (id)
);

CREATE TABLE templates (
    id character varying NOT NULL,
    name character varying(100) NOT NULL,
    description text,
    price numeric(10, 2) NOT NULL,
    currency character varying(3),
    category character varying(50) NOT NULL,
    image_count integer,
    features json,
    preview_image_path character varying(500),
    display_price character varying(20),
    is_active boolean,
    display_order integer,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone,
    PRIMARY KEY (id)
);

CREATE TABLE fonts (
    id character varying NOT NULL,
    name character varying(100) NOT NULL,
    css_style character varying(200),
    font_weight character varying(20),
    is_google_font boolean,
    google_font_url character varying(500),
    display_order integer,
    is_active boolean,
    created_at timestamp with time zone DEFAULT now(),
    PRIMARY KEY (id)
);

CREATE TABLE colors (
    id character varying NOT NULL,
    name character varying(100) NOT NULL,
    hex_value character varying(7) NOT NULL,
    css_classes json,
    color_type character varying(20) NOT NULL,
    display_order integer,
    is_active boolean,
    created_at timestamp with time zone DEFAULT now(),
    PRIMARY KEY (id)
);

CREATE TABLE vending_machines (
    id character varying NOT NULL,
    name character varying(100) NOT NULL,
    location character varying(200),
    qr_config json,
    is_active boolean,
    last_heartbeat timestamp with time zone,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone,
    PRIMARY KEY (id)
);

CREATE TABLE payment_mappings (
    id character varying NOT NULL,
    third_id character varying(200) NOT NULL,
    chinese_payment_id character varying(200),
    device_id character varying(100),
    mobile_model_id character varying(100),
    pay_amount numeric(10, 2),
    pay_type integer,
    created_at timestamp with time zone DEFAULT now(),
    PRIMARY KEY (id),
    UNIQUE (third_id)
);

CREATE TABLE admin_users (
    id character varying NOT NULL,
    username character varying(100) NOT NULL,
    email character varying(200) NOT NULL,
    password_hash character varying(200) NOT NULL,
    role character varying(50),
    is_active boolean,
    last_login timestamp with time zone,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone,
    PRIMARY KEY (id),
    UNIQUE (username),
    UNIQUE (email)
);

CREATE TABLE phone_models (
    id character varying NOT NULL,
    brand_id character varying NOT NULL,
    name character varying(200) NOT NULL,
    display_name character varying(200) NOT NULL,
    chinese_model_id character varying(100),
    price numeric(10, 2) NOT NULL,
    stock integer,
    is_available boolean,
    display_order integer,
    release_year integer,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone,
    PRIMARY KEY (id),
    FOREIGN KEY (brand_id) REFERENCES brands (id)
);

CREATE TABLE ai_styles (
    id character varying NOT NULL,
    template_id character varying NOT NULL,
    style_name character varying(100) NOT NULL,
    description text,
    prompt_keywords json,
    is_active boolean,
    display_order integer,
    created_at timestamp with time zone DEFAULT now(),
    PRIMARY KEY (id),
    FOREIGN KEY (template_id) REFERENCES templates (id)
);

CREATE TABLE orders (
    id character varying NOT NULL,
    session_id character varying(100),
    order_number character varying(50),
    customer_name character varying(200),
    customer_email character varying(200),
    customer_phone character varying(50),
    shipping_address_line1 character varying(500),
    shipping_address_line2 character varying(500),
    shipping_city character varying(200),
    shipping_postcode character varying(20),
    shipping_country character varying(100),
    customer_notes text,
    user_data json,
    brand_id character varying NOT NULL,
    model_id character varying NOT NULL,
    template_id character varying NOT NULL,
    status character varying(50),
    total_amount numeric(10, 2) NOT NULL,
    currency character varying(3),
    stripe_session_id character varying(200),
    stripe_payment_intent_id character varying(200),
    payment_status character varying(50),
    paid_at timestamp with time zone,
    queue_number character varying(50),
    third_party_payment_id character varying(200),
    chinese_payment_id character varying(200),
    chinese_payment_status integer,
    chinese_order_id character varying(200),
    estimated_completion timestamp with time zone,
    notes text,
    machine_id character varying,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone,
    completed_at timestamp with time zone,
    PRIMARY KEY (id),
    -- Named explicitly because the live column was added by hand with an inline UNIQUE, which
    -- Postgres names exactly like this; tools may refer to the constraint by name.
    CONSTRAINT orders_order_number_key UNIQUE (order_number),
    FOREIGN KEY (brand_id) REFERENCES brands (id),
    FOREIGN KEY (model_id) REFERENCES phone_models (id),
    FOREIGN KEY (template_id) REFERENCES templates (id),
    FOREIGN KEY (machine_id) REFERENCES vending_machines (id)
);

CREATE TABLE vending_machine_sessions (
    id character varying NOT NULL,
    session_id character varying(200) NOT NULL,
    machine_id character varying NOT NULL,
    status character varying(50),
    user_progress character varying(50),
    qr_data json,
    user_agent character varying(500),
    ip_address character varying(45),
    order_id character varying,
    payment_method character varying(50),
    payment_amount numeric(10, 2),
    payment_confirmed_at timestamp with time zone,
    expires_at timestamp with time zone NOT NULL,
    last_activity timestamp with time zone DEFAULT now(),
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone,
    session_data json,
    error_log json,
    PRIMARY KEY (id),
    UNIQUE (session_id),
    FOREIGN KEY (machine_id) REFERENCES vending_machines (id),
    FOREIGN KEY (order_id) REFERENCES orders (id)
);

CREATE TABLE order_images (
    id character varying NOT NULL,
    order_id character varying NOT NULL,
    image_path character varying(500) NOT NULL,
    image_type character varying(50),
    ai_params json,
    chinese_image_url character varying(500),
    created_at timestamp with time zone DEFAULT now(),
    PRIMARY KEY (id),
    FOREIGN KEY (order_id) REFERENCES orders (id)
);
