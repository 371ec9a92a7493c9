/** Read-only lists of bombs for people: what someone holds, a department's, all open ones. */
import type Sqlite from "better-sqlite3";
import { type Bomb, bombSchema } from "../../core/bomb.ts";
import type { PersonId } from "../../core/org.ts";
import { deepFreeze } from "../deep-freeze.ts";
import { RecentlyUsed } from "../recently-used.ts";
import { openStatesCondition } from "../schema.ts";
import type { Db } from "./database.ts";

/** Which open bombs to list. */
export type BombFilter = { holder: PersonId } | { department: string } | { all: true };

/**
 * Open bombs matching the filter, soonest deadline first (none last), at most `limit`. The list
 * reads each row's id and version; a row already parsed at that version comes from the
 * connection's cache (see `ParsedBombs`), only the others are read whole and validated. The two
 * reads share one transaction, so they see the same rows.
 */
export function listOpenBombs(db: Db, filter: BombFilter, limit?: number): Bomb[] {
  const { list } = openListStatements(db)[kindOf(filter)];
  return parsedBombsOf(db).list(list, [...keyOf(filter), limit ?? -1]);
}

/** How many open bombs match the filter. */
export function countOpenBombs(db: Db, filter: BombFilter): number {
  const { count } = openListStatements(db)[kindOf(filter)];
  return parsedBombsOf(db).count(count, keyOf(filter));
}

export type FilterKind = "holder" | "department" | "all";

function kindOf(filter: BombFilter): FilterKind {
  return "holder" in filter ? "holder" : "department" in filter ? "department" : "all";
}

/** The filter's parameter, if it has one. */
function keyOf(filter: BombFilter): [] | [string] {
  if ("holder" in filter) return [filter.holder];
  return "department" in filter ? [filter.department] : [];
}

/**
 * One list and one count per filter, prepared once per connection. Each list walks its partial
 * index (schema.ts: `bombs_open_*`) in the order shown and stops at `limit`; each count reads
 * its index. Before them, a holder's list read and sorted all ~1,400 of their rows on
 * every `/bomba list` (6.3 ms for the list, 4.5 ms for the count, of 10,000 open bombs).
 */
const statementsByDb = new WeakMap<Db, Record<FilterKind, Queries>>();

export interface Queries {
  /** ([key,] limit) → rows of `id` and `version`; a limit of -1 is none. */
  list: Sqlite.Statement;
  /** ([key]) → { n }. */
  count: Sqlite.Statement;
}

/** The statements behind the lists and counts (exported for the query-plan test). */
export function openListStatements(db: Db): Record<FilterKind, Queries> {
  let statements = statementsByDb.get(db);
  if (statements === undefined) {
    const open = openStatesCondition;
    const order = "ORDER BY next_due_at IS NULL, next_due_at, id LIMIT ?";
    const prepare = (from: string, where: string): Queries => ({
      list: db.$client.prepare(`SELECT id, version FROM ${from} WHERE ${open}${where} ${order}`),
      count: db.$client.prepare(`SELECT count(*) AS n FROM bombs WHERE ${open}${where}`),
    });
    statements = {
      holder: prepare("bombs", " AND holder = ?"),
      department: prepare("bombs", " AND department_id = ?"),
      // Left to itself SQLite would read `bombs_state` and sort every open bomb.
      all: prepare("bombs INDEXED BY bombs_open", ""),
    };
    statementsByDb.set(db, statements);
  }
  return statements;
}

/**
 * The bombs one connection has parsed, by id, at the version parsed: a bomb never changes
 * without its version going up (`saveTransition` writes both, over the version it read), so a
 * row whose id and version match is the same bomb, and `/bomba list` re-reads only those two
 * columns for it instead of its JSON and the zod check of it. Bounded at `PARSED_BOMBS_KEPT`,
 * the least recently used going first. The one write that changes `data` without the version,
 * a data step (`data-steps.ts`), runs when a connection opens, before its cache holds anything;
 * one run by another process is a commit on another connection, which SQLite's `data_version`
 * reports, and then the whole cache is dropped. The bombs handed out are frozen: they are shared
 * between requests, and nothing may change one in place.
 *
 * It also keeps the last answers of the list and count statements (ids and versions, counts)
 * while nothing at all has been written: SQLite's `total_changes()` moves with every row this
 * connection inserts, updates or deletes, `data_version` with every commit of another one, and
 * either moving drops them all. A count walks the holder's or department's whole index range
 * (~75 µs for 1,400 open bombs, a tenth of a list's CPU in serve); asked again with nothing
 * written between, it is a lookup. Inside a transaction someone else opened (whose writes may
 * yet roll back) nothing is kept or reused.
 */
export class ParsedBombs {
  private readonly byId: RecentlyUsed<number, Bomb>;
  private readonly load: Sqlite.Statement;
  /** total_changes() and PRAGMA data_version: two statements cost less than one reading both. */
  private readonly changes: Sqlite.Statement;
  private readonly dataVersion: Sqlite.Statement;
  private seenChanges: unknown;
  private seenDataVersion: unknown;
  /** Answers of list and count statements since the last write, by statement and parameters. */
  private readonly answers = new Map<Sqlite.Statement, Map<string, unknown>>();
  private answersKept = 0;
  private readonly inTransaction: (
    ask: (remember: boolean) => unknown,
    remember: boolean,
  ) => unknown;

  constructor(
    private readonly client: Sqlite.Database,
    kept: number,
  ) {
    this.byId = new RecentlyUsed(kept);
    this.load = client.prepare("SELECT data FROM bombs WHERE id = ? AND version = ?").pluck();
    this.changes = client.prepare("SELECT total_changes()").pluck();
    this.dataVersion = client.prepare("PRAGMA data_version").pluck();
    this.seenChanges = this.changes.get();
    this.seenDataVersion = this.dataVersion.get();
    // Made once: better-sqlite3 builds a new wrapper for every `transaction(fn)`.
    this.inTransaction = client.transaction((ask, remember) => {
      this.forgetIfChangedElsewhere();
      return ask(remember);
    });
  }

  /** The bombs of a list statement's rows of id and version, in one read transaction. */
  list(statement: Sqlite.Statement, params: unknown[]): Bomb[] {
    return this.ask(statement, params, (ask, keep) => {
      const rows = ask(() => statement.all(...params) as { id: number; version: number }[]);
      return rows.map((r) => this.get(r.id, r.version, keep));
    });
  }

  /** The `n` of a count statement's one row. */
  count(statement: Sqlite.Statement, params: unknown[]): number {
    return this.ask(statement, params, (ask) =>
      ask(() => (statement.get(...params) as { n: number }).n),
    );
  }

  /**
   * Runs `use` in a read transaction, its `ask` answering from the kept answers when nothing
   * has been written since, or from SQLite (and then kept).
   */
  private ask<T>(
    statement: Sqlite.Statement,
    params: unknown[],
    use: (ask: <A>(read: () => A) => A, keep: boolean) => T,
  ): T {
    // An outer transaction's writes may roll back: what it reads is neither kept nor reused.
    const remember = !this.client.inTransaction;
    return this.inTransaction((keep) => {
      const key = params.join("\u0000");
      let byParams = this.answers.get(statement);
      const ask = <A>(read: () => A): A => {
        if (!keep) return read();
        const known = byParams?.get(key);
        if (known !== undefined) return known as A;
        const answer = read();
        if (byParams === undefined) {
          byParams = new Map();
          this.answers.set(statement, byParams);
        }
        if (this.answersKept >= ANSWERS_KEPT) this.forgetAnswers();
        byParams.set(key, answer);
        this.answersKept++;
        return answer;
      };
      return use(ask, keep);
    }, remember) as T;
  }

  /**
   * Drops the kept answers when anything was written since the last look, and the parsed
   * bombs too when it was another connection.
   */
  forgetIfChangedElsewhere(): void {
    const changes = this.changes.get();
    const dataVersion = this.dataVersion.get();
    if (dataVersion !== this.seenDataVersion) {
      this.byId.clear();
      this.seenDataVersion = dataVersion;
      this.forgetAnswers();
    }
    if (changes !== this.seenChanges) {
      this.seenChanges = changes;
      this.forgetAnswers();
    }
  }

  private forgetAnswers(): void {
    if (this.answersKept === 0) return;
    this.answers.clear();
    this.answersKept = 0;
  }

  /**
   * Bomb `id` at `version`: from the cache, or read, validated and (unless `keep` is false: read
   * inside someone else's transaction, which may roll back) kept.
   */
  get(id: number, version: number, keep = true): Bomb {
    const known = this.byId.get(id);
    if (known !== undefined && known.version === version) return known;
    const data = this.load.get(id, version) as string | undefined;
    if (data === undefined) throw new Error(`bomb ${id} at version ${version} is gone`);
    const bomb = deepFreeze(bombSchema.parse(JSON.parse(data)));
    if (keep) this.byId.set(id, bomb);
    return bomb;
  }

  /** How many bombs are kept (for tests). */
  get size(): number {
    return this.byId.size;
  }
}

/**
 * Answers (a list's ids and versions, or a count) kept between writes: one per person,
 * department and `all` who asked. Past it they are all dropped and kept afresh.
 */
const ANSWERS_KEPT = 500;

/**
 * Enough for every list the bench's holders, departments and `all` ask for (49 rows each). The
 * bench's bombs (about 600 bytes of JSON each) take 1.2 MB of heap at this bound (measured with
 * 1,000 of them); a bomb with longer texts takes more, in proportion.
 */
export const PARSED_BOMBS_KEPT = 1000;

const parsedByDb = new WeakMap<Db, ParsedBombs>();

/** The connection's parsed bombs (exported for tests). */
export function parsedBombsOf(db: Db): ParsedBombs {
  let parsed = parsedByDb.get(db);
  if (parsed === undefined) {
    parsed = new ParsedBombs(db.$client, PARSED_BOMBS_KEPT);
    parsedByDb.set(db, parsed);
  }
  return parsed;
}
