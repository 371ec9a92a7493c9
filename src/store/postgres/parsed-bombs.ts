/**
 * The bombs one PostgreSQL store has parsed for `/bomba list`, by id, with the JSON text each
 * was parsed from. A row whose text is the one kept is that bomb again, without JSON.parse and
 * the zod check of it: with the list an index scan of 49 rows (0.05 ms in the server), those
 * were ~0.1 ms of the ~0.5-0.7 ms of CPU a 49-bomb list took in the client. Keyed by the text
 * and not by the version, so it assumes nothing about who writes `data` or how: several
 * instances write the same database, and nothing tells this one what they wrote.
 */
import { type Bomb, bombSchema } from "../../core/bomb.ts";
import { deepFreeze } from "../deep-freeze.ts";
import { RecentlyUsed } from "../recently-used.ts";

/** Bombs kept: a list's 49 for a few hundred people (as SQLite's `PARSED_BOMBS_KEPT`). */
export const PARSED_TEXTS_KEPT = 1000;

/**
 * Parsed bombs by id, bounded at `kept`, the least recently used going first. The bombs handed
 * out are frozen: they are shared between requests, and nothing may change one in place.
 */
export class ParsedBombTexts {
  private readonly byId: RecentlyUsed<number, { text: string; bomb: Bomb }>;

  /** An empty cache of at most `kept` bombs. */
  constructor(kept = PARSED_TEXTS_KEPT) {
    this.byId = new RecentlyUsed(kept);
  }

  /** Bomb `id` stored as `text`: the one kept when the text is the same, else parsed and kept. */
  get(id: number, text: string): Bomb {
    const known = this.byId.get(id);
    if (known !== undefined && known.text === text) return known.bomb;
    const bomb = deepFreeze(bombSchema.parse(JSON.parse(text)));
    this.byId.set(id, { text, bomb });
    return bomb;
  }

  /** How many bombs are kept (for tests). */
  get size(): number {
    return this.byId.size;
  }
}
