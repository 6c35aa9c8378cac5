-- Returns the order_images rows (and archived ones) of order $1, oldest first, as
-- (id, image_type, image_path, chinese_image_url, created_at, archived).
-- $1 = order id (text).
SELECT i.id, i.image_type, i.image_path, i.chinese_image_url, i.created_at, false AS archived
FROM order_images AS i
WHERE i.order_id = $1::text
/*[pmc_archive.order_images]
UNION ALL
SELECT a.id, a.image_type, a.image_path, a.chinese_image_url, a.created_at, true
FROM pmc_archive.order_images AS a
WHERE a.order_id = $1::text
*/
ORDER BY 5, 1
