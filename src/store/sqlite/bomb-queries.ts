/** Read-only lists of bombs for people: what someone holds, a department's, all open ones. */
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { type Bomb, bombSchema, openStates } from "../../core/bomb.ts";
import type { PersonId } from "../../core/org.ts";
import { bombs } from "../schema.ts";
import type { Db } from "./database.ts";

/** Which open bombs to list. */
export type BombFilter = { holder: PersonId } | { department: string } | { all: true };

/** Open bombs matching the filter, soonest deadline first (none last), at most `limit`. */
export function listOpenBombs(db: Db, filter: BombFilter, limit?: number): Bomb[] {
  const query = db
    .select({ data: bombs.data })
    .from(bombs)
    .where(whereOf(filter))
    .orderBy(sql`${bombs.nextDueAt} IS NULL`, asc(bombs.nextDueAt), asc(bombs.id));
  const rows = limit === undefined ? query.all() : query.limit(limit).all();
  return rows.map((r) => bombSchema.parse(r.data));
}

/** How many open bombs match the filter. */
export function countOpenBombs(db: Db, filter: BombFilter): number {
  const row = db.select({ n: count() }).from(bombs).where(whereOf(filter)).get();
  return row?.n ?? 0;
}

function whereOf(filter: BombFilter) {
  const open = inArray(bombs.state, [...openStates]);
  if ("holder" in filter) return and(open, eq(bombs.holder, filter.holder));
  if ("department" in filter) return and(open, eq(bombs.departmentId, filter.department));
  return open;
}
