-- FerretDB v1.24 (local and CI only; production runs MongoDB) pushes an equality filter down
-- to PostgreSQL as `_jsonb->'field' @> '"value"'`, but builds its indexes as btree on
-- `(_jsonb->'field')`, which cannot serve `@>`: every find, update and delete by _id or by an
-- indexed field scans the whole table (FerretDB issue #4646; measured here: EXPLAIN shows a
-- Seq Scan, and a by-_id read of one clock among 100,000 took seconds under load).
-- This event trigger gives every such btree index column a GIN partner on the same
-- expression, which PostgreSQL uses for `@>` (Bitmap Index Scan). FerretDB does not see the
-- partner (it keeps its index list in its own metadata), and it is dropped with the table.
-- The partners are built with fastupdate off. With it on (GIN's default), new entries wait in
-- a pending list, unsorted, until a vacuum or the list's 4 MB limit merges them: every look-up
-- reads the whole list, and the planner, counting its pages, picks a Seq Scan instead, which
-- reads every row's out-of-line JSON back. A table filling faster than autovacuum visits it
-- (every collection during a bench or a demo seed) would be scanned for every by-_id read
-- (figures in docs/benchmarks.md, "GIN partners without a pending list").
-- Idempotent: `up` runs this file on every start, and it backfills existing indexes.

CREATE OR REPLACE FUNCTION metrodesk_gin_partner(index_oid oid) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  i record;
  k int;
  expr text;
  gin_name text;
BEGIN
  SELECT ix.indexrelid, ix.indnatts, am.amname, n.nspname, t.relname AS tablename
    INTO i
    FROM pg_index ix
    JOIN pg_class c ON c.oid = ix.indexrelid
    JOIN pg_am am ON am.oid = c.relam
    JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
   WHERE ix.indexrelid = index_oid;
  IF NOT FOUND OR i.amname <> 'btree' OR i.tablename LIKE '\_ferretdb\_%' THEN
    RETURN;
  END IF;
  FOR k IN 1..i.indnatts LOOP
    expr := pg_get_indexdef(i.indexrelid, k, true);
    IF expr ~ '^\(_jsonb -> ''[^'']+''::text\)$' THEN
      gin_name := left(i.tablename, 40) || '_' || left(md5(expr), 12) || '_gin';
      EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin (%s) WITH (fastupdate = off)',
                     gin_name, i.nspname, i.tablename, expr);
      -- Partners built before fastupdate was turned off: switch them and merge their pending list.
      IF EXISTS (SELECT 1 FROM pg_class WHERE relname = gin_name
                   AND relnamespace = i.nspname::regnamespace
                   AND NOT coalesce(reloptions, '{}') @> ARRAY['fastupdate=off']) THEN
        EXECUTE format('ALTER INDEX %I.%I SET (fastupdate = off)', i.nspname, gin_name);
        PERFORM gin_clean_pending_list(format('%I.%I', i.nspname, gin_name)::regclass);
      END IF;
    END IF;
  END LOOP;
END
$fn$;

CREATE OR REPLACE FUNCTION metrodesk_gin_on_create_index() RETURNS event_trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  cmd record;
BEGIN
  FOR cmd IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE object_type = 'index' LOOP
    PERFORM metrodesk_gin_partner(cmd.objid);
  END LOOP;
END
$fn$;

DROP EVENT TRIGGER IF EXISTS metrodesk_gin_on_create_index;
CREATE EVENT TRIGGER metrodesk_gin_on_create_index ON ddl_command_end
  WHEN TAG IN ('CREATE INDEX')
  EXECUTE FUNCTION metrodesk_gin_on_create_index();

SELECT count(*) AS indexes_checked FROM (
  SELECT metrodesk_gin_partner(ix.indexrelid)
    FROM pg_index ix
    JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
) AS backfill;
