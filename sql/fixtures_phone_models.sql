-- Inserts the phone models: the partner's real mobile_model_ids for Apple and Samsung, a few
-- local-only models without one, and the Google models that are not on sale.
-- $1 = scale (unused: fixed rows), $2 = now (timestamptz).
INSERT INTO phone_models (id, brand_id, name, display_name, chinese_model_id, price, stock,
                          is_available, display_order, release_year, created_at, updated_at)
SELECT md5('phone_model:' || v.name)::uuid::text, v.brand_id, v.name, v.display_name,
       v.chinese_model_id, v.price, v.stock, v.is_available, v.display_order, v.release_year,
       $2::timestamptz - interval '400 days' + v.display_order * interval '1 hour',
       CASE WHEN v.updated THEN $2::timestamptz - interval '35 days'
                               + v.display_order * interval '7 minutes' END
FROM (VALUES
    -- stock 999999 means "unlimited" (e-commerce); small numbers come from the partner's
    -- stock/list, 100 from the init seed. The 0.00 price is what the store's own sync writes
    -- when it creates a model, since the partner sends no price.
    ('BR20250111000002', 'iPhone 15 Pro', 'iPhone 15 Pro', 'MM020250224000010', 35.00, 999999, true, 1, 2023, true),
    ('BR20250111000002', 'iPhone 15 Pro Max', 'iPhone 15 Pro Max', 'MM020250224000011', 35.00, 999999, true, 2, 2023, true),
    ('BR20250111000002', 'iPhone 16 Pro Max', 'iPhone 16 Pro Max', 'MM1020250226000002', 35.00, 999999, true, 3, 2024, true),
    ('BR20250111000002', 'iPhone 12 mini', 'iPhone 12 Mini', 'MM1020250227000001', 35.00, 2, true, 4, 2020, true),
    ('BR20250111000002', 'iPhone XS Max', 'iPhone XS Max', 'MM102503290004', 35.00, 2, true, 5, 2018, false),
    ('BR20250111000002', 'iPhone 17 Pro Max', 'iPhone 17 Pro Max', 'MM102508150001', 35.00, 999999, true, 6, 2025, false),
    ('BR20250111000002', 'IPhone 17AIR', 'IPhone 17AIR', 'MM102508150004', 0.00, 2, true, 7, NULL, false),
    ('BR20250111000002', 'iPhone 15', 'iPhone 15', NULL, 35.00, 100, false, 8, 2023, true),
    ('BR20250111000002', 'iPhone 14', 'iPhone 14', NULL, 35.00, 100, false, 9, 2022, false),
    ('BR020250120000001', 'Galaxy S24+', 'SAMSUNG S24+', 'MM100250228000001', 35.00, 999999, true, 1, 2024, true),
    ('BR020250120000001', 'Galaxy S25 Ultra', 'SAMSUNG S25Ultra', 'MM100250228000002', 35.00, 999999, true, 2, 2025, false),
    ('BR020250120000001', 'Galaxy S25+', 'SAMSUNG S25 plus', 'MM102506260003', 35.00, 2, true, 3, 2025, false),
    ('BR020250120000001', 'Galaxy S25 Edge', 'SAMSUNG S25EDGE(Global)', 'MM102508010117', 35.00, 2, true, 4, 2025, false),
    ('BR020250120000001', 'Galaxy S23', 'Galaxy S23', NULL, 35.00, 100, false, 5, 2023, false),
    ('google', 'Pixel 9 Pro', 'Pixel 9 Pro', NULL, 35.00, 100, false, 1, 2024, false),
    ('google', 'Pixel 8', 'Pixel 8', NULL, 35.00, 100, false, 2, 2023, false)
) AS v (brand_id, name, display_name, chinese_model_id, price, stock, is_available,
        display_order, release_year, updated)
