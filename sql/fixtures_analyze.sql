-- Refreshes planner statistics of the 12 store tables after the bulk insert, so that row
-- estimates (and pg_class.reltuples, which db-size reads) match the data. No parameters.
ANALYZE brands, phone_models, templates, fonts, colors, ai_styles, vending_machines,
        vending_machine_sessions, orders, order_images, payment_mappings, admin_users
