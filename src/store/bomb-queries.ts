/** Read-only lists of bombs for people: what someone holds, a department's, all open ones. */
import { and, asc, eq, inArray } from "drizzle-orm";
import { type Bomb, bombSchema, openStates } from "../core/bomb.ts";
import type { PersonId } from "../core/org.ts";
import type { Db } from "./database.ts";
import { bombs } from "./schema.ts";

/** Which open bombs to list. */
export type BombFilter = { holder: PersonId } | { department: string } | { all: true };

/** Open bombs matching the filter, by deadline (soonest first, then by id). */
export function listOpenBombs(db: Db, filter: BombFilter): Bomb[] {
  const open = inArray(bombs.state, [...openStates]);
  const where =
    "holder" in filter
      ? and(open, eq(bombs.holder, filter.holder))
      : "department" in filter
        ? and(open, eq(bombs.departmentId, filter.department))
        : open;
  return db
    .select({ data: bombs.data })
    .from(bombs)
    .where(where)
    .orderBy(asc(bombs.nextDueAt), asc(bombs.id))
    .all()
    .map((r) => bombSchema.parse(r.data));
}
