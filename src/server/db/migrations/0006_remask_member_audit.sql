-- Audit rows written before the ID-number mask kept only area code + check digit held the old mask
-- (area code + last four digits) beside the full birth date, which together rebuild the number.
-- Re-mask them as platform/mask.ts maskRecord now does: ID number 6 + stars + 1, birth date to 'YYYY-**-**'.
-- jsonb_object(ARRAY[k, v]), not jsonb_build_object (STABLE): Citus refuses a non-immutable function on a column in a
-- multi-shard UPDATE.
UPDATE "audit_log" SET
  "before" = CASE WHEN jsonb_typeof("before") = 'object' THEN "before"
    || CASE WHEN jsonb_typeof("before" -> 'idNumber') = 'string' THEN jsonb_object(ARRAY['idNumber',
         CASE WHEN length("before" ->> 'idNumber') > 10
              THEN left("before" ->> 'idNumber', 6) || repeat('*', length("before" ->> 'idNumber') - 7) || right("before" ->> 'idNumber', 1)
              ELSE repeat('*', length("before" ->> 'idNumber')) END]) ELSE '{}'::jsonb END
    || CASE WHEN jsonb_typeof("before" -> 'birthDate') = 'string' THEN jsonb_object(ARRAY['birthDate', left("before" ->> 'birthDate', 4) || '-**-**']) ELSE '{}'::jsonb END
    ELSE "before" END,
  "after" = CASE WHEN jsonb_typeof("after") = 'object' THEN "after"
    || CASE WHEN jsonb_typeof("after" -> 'idNumber') = 'string' THEN jsonb_object(ARRAY['idNumber',
         CASE WHEN length("after" ->> 'idNumber') > 10
              THEN left("after" ->> 'idNumber', 6) || repeat('*', length("after" ->> 'idNumber') - 7) || right("after" ->> 'idNumber', 1)
              ELSE repeat('*', length("after" ->> 'idNumber')) END]) ELSE '{}'::jsonb END
    || CASE WHEN jsonb_typeof("after" -> 'birthDate') = 'string' THEN jsonb_object(ARRAY['birthDate', left("after" ->> 'birthDate', 4) || '-**-**']) ELSE '{}'::jsonb END
    ELSE "after" END
WHERE jsonb_typeof("before" -> 'idNumber') = 'string' OR jsonb_typeof("before" -> 'birthDate') = 'string'
   OR jsonb_typeof("after" -> 'idNumber') = 'string' OR jsonb_typeof("after" -> 'birthDate') = 'string';
