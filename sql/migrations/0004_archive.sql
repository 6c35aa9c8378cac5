-- Creates the pmc_archive schema (returns nothing): vending sessions that hold a sale, moved out of the hot table by `pmc cleanup`, and finished orders with their images, moved by `pmc orders archive`. Each archive table copies the columns of the live store table (LIKE, so every column keeps its exact type, json or text) and adds archived_at and run_id, the pmc.runs id of the run that moved the row (not a foreign key: its check per archived row made cleanup a third slower, and pmc.runs rows are never deleted); where a store table is missing, the models.py definition is used.
DO $migration$
BEGIN
    CREATE SCHEMA IF NOT EXISTS pmc_archive;

    IF to_regclass('vending_machine_sessions') IS NOT NULL THEN
        CREATE TABLE pmc_archive.vending_sessions (LIKE vending_machine_sessions);
    ELSE
        CREATE TABLE pmc_archive.vending_sessions (
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
            last_activity timestamp with time zone,
            created_at timestamp with time zone,
            updated_at timestamp with time zone,
            session_data json,
            error_log json
        );
    END IF;
    ALTER TABLE pmc_archive.vending_sessions
        ADD COLUMN archived_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN run_id bigint NOT NULL,
        ADD PRIMARY KEY (id);
    CREATE INDEX vending_sessions_session_id_idx ON pmc_archive.vending_sessions (session_id);

    IF to_regclass('orders') IS NOT NULL THEN
        CREATE TABLE pmc_archive.orders (LIKE orders);
    ELSE
        CREATE TABLE pmc_archive.orders (
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
            created_at timestamp with time zone,
            updated_at timestamp with time zone,
            completed_at timestamp with time zone
        );
    END IF;
    ALTER TABLE pmc_archive.orders
        ADD COLUMN archived_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN run_id bigint NOT NULL,
        ADD PRIMARY KEY (id);
    CREATE INDEX orders_order_number_idx ON pmc_archive.orders (order_number);
    CREATE INDEX orders_session_id_idx ON pmc_archive.orders (session_id);

    IF to_regclass('order_images') IS NOT NULL THEN
        CREATE TABLE pmc_archive.order_images (LIKE order_images);
    ELSE
        CREATE TABLE pmc_archive.order_images (
            id character varying NOT NULL,
            order_id character varying NOT NULL,
            image_path character varying(500) NOT NULL,
            image_type character varying(50),
            ai_params json,
            chinese_image_url character varying(500),
            created_at timestamp with time zone
        );
    END IF;
    ALTER TABLE pmc_archive.order_images
        ADD COLUMN archived_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN run_id bigint NOT NULL,
        ADD PRIMARY KEY (id);
    CREATE INDEX order_images_order_id_idx ON pmc_archive.order_images (order_id);
END
$migration$
