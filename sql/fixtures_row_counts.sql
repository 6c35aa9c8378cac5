-- Returns (table_name, row_count) for the 12 store tables, in schema order. No parameters.
SELECT table_name, row_count
FROM (
    SELECT 1 AS ord, 'brands' AS table_name, count(*) AS row_count FROM brands
    UNION ALL SELECT 2, 'phone_models', count(*) FROM phone_models
    UNION ALL SELECT 3, 'templates', count(*) FROM templates
    UNION ALL SELECT 4, 'fonts', count(*) FROM fonts
    UNION ALL SELECT 5, 'colors', count(*) FROM colors
    UNION ALL SELECT 6, 'ai_styles', count(*) FROM ai_styles
    UNION ALL SELECT 7, 'vending_machines', count(*) FROM vending_machines
    UNION ALL SELECT 8, 'vending_machine_sessions', count(*) FROM vending_machine_sessions
    UNION ALL SELECT 9, 'orders', count(*) FROM orders
    UNION ALL SELECT 10, 'order_images', count(*) FROM order_images
    UNION ALL SELECT 11, 'payment_mappings', count(*) FROM payment_mappings
    UNION ALL SELECT 12, 'admin_users', count(*) FROM admin_users
) AS counts
ORDER BY ord
