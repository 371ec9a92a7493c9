/**
 * The daily digest's rows from SQLite: one json_extract with every path the digest reads, so that
 * SQLite parses each bomb's JSON once and hands back only the digest's values as one small JSON
 * array, which `digestRowOf` makes a row of and validates. A digest of 10,000 bombs spent most of
 * its load in parsing whole bombs (~500 bytes each) in JavaScript and validating them with the
 * bomb's schema, to use a tenth of them.
 */
import { type DigestRow, digestRowSchema, digestStates } from "../../core/bomb.ts";
import type { Db } from "./database.ts";

/** The paths in a bomb's JSON the digest reads, in the order of the arrays the query returns. */
const digestPaths = [
  "$.id",
  "$.state",
  "$.customer",
  "$.forwards",
  "$.assignment.departmentId",
  "$.assignment.holder",
  "$.assignment.passedThrough",
  "$.assignment.answerDueAt",
  "$.commitment.owner",
  "$.commitment.overdueReached",
  "$.commitment.dueAt",
] as const;

/** Every pending or accepted bomb as the digest reads it, in no particular order. */
export function digestRows(db: Db): DigestRow[] {
  const paths = digestPaths.map((path) => `'${path}'`).join(", ");
  const states = digestStates.map((s) => `'${s}'`).join(", ");
  const rows = db.$client
    .prepare(`SELECT json_extract(data, ${paths}) FROM bombs WHERE state IN (${states})`)
    .raw()
    .all() as [string][];
  return rows.map((r) => digestRowOf(r[0]));
}

/**
 * The row of one bomb from the JSON array of its values at `digestPaths` (a missing one null);
 * throws when that is not a pending or accepted bomb's.
 */
function digestRowOf(values: string): DigestRow {
  const parsed: unknown = JSON.parse(values);
  if (!Array.isArray(parsed) || parsed.length !== digestPaths.length) {
    throw new Error(`not the digest's values of a bomb: ${values.slice(0, 200)}`);
  }
  const [id, state, customer, forwards, departmentId, holder, passedThrough, answerDueAt] = parsed;
  const [owner, overdueReached, dueAt] = parsed.slice(8);
  // A pending bomb has no commitment: its nulls are left out by the pending row's schema.
  return digestRowSchema.parse({
    id,
    state,
    customer,
    forwards,
    assignment: { departmentId, holder, passedThrough, answerDueAt },
    commitment: { owner, overdueReached, dueAt },
  });
}
