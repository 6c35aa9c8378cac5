-- Returns which of the store tables $1 (text[], unqualified names as the store's statements write them) this database lacks, in the order given: missing (text). A table is looked up as those statements find it, through search_path.
SELECT t.name AS missing
FROM unnest($1::text[]) WITH ORDINALITY AS t(name, n)
WHERE to_regclass(quote_ident(t.name)) IS NULL
ORDER BY t.n
