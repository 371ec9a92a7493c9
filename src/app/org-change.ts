/**
 * The one way an org comes into force, for `org import`, `serve`'s start and `tick` alike: in
 * ONE transaction, store it as the next revision, move the open bombs of people who left, take
 * everyone who left off every open bomb and withdraw the messages still waiting for them. A
 * crash anywhere leaves either the old org with its bombs or the new one with its moves, never
 * the new org over bombs that still name people who left. Looking people up in Slack is network
 * I/O and happens before, outside the transaction (see `boot.ts`).
 */
import type { Bomb } from "../core/bomb.ts";
import { bombSchema } from "../core/bomb.ts";
import type { Transition } from "../core/effects.ts";
import type { Org, PersonId } from "../core/org.ts";
import { type FormerOrg, onlyReachable, reconcileBomb } from "../core/org-change.ts";
import { catalog } from "../i18n/catalog.ts";
import { calendarFor } from "../org/org-calendar.ts";
import { inTransaction, saveTransition } from "../store/bomb-store.ts";
import type { Db } from "../store/database.ts";
import {
  latestOrgDocument,
  orgDocument,
  sameDocument,
  storedPeople,
  withdrawMessagesTo,
  writeOrgRevision,
} from "../store/org-store.ts";

/** Which command put an org in force, recorded with the revision. */
export type OrgVia = "import" | "serve" | "tick";

/** What putting an org in force did. */
export interface OrgChange {
  /** The revision in force afterwards. */
  revision: number;
  /** False when that org, with the same Slack ids, was already in force: nothing was written. */
  changed: boolean;
  /** Open bombs whose holder or owner left, handed to someone in the org. */
  moved: number;
  /** Every bomb transition the change made (moves, and people who left taken off), in order. */
  transitions: Transition[];
  /** Messages still waiting for people who left, withdrawn. */
  withdrawn: number;
  /** Bombs that could not be read, left as they were (the scheduler reports them too). */
  unreadable: { id: number; error: string }[];
}

/**
 * Puts `org` in force with everyone's Slack id (`slackIds`), unless it already is: see the module
 * comment. Safe to call from several processes at once: the second finds it already in force.
 */
export function changeOrg(
  db: Db,
  org: Org,
  slackIds: ReadonlyMap<PersonId, string>,
  now: number,
  via: OrgVia,
): OrgChange {
  return inTransaction(db, () => {
    const latest = latestOrgDocument(db);
    const unchanged = { moved: 0, transitions: [], withdrawn: 0, unreadable: [] };
    if (latest !== null && sameDocument(latest.document, orgDocument(org, slackIds))) {
      return { revision: latest.revision, changed: false, ...unchanged };
    }
    const before = storedPeople(db);
    const revision = (latest?.revision ?? 0) + 1;
    writeOrgRevision(db, revision, org, slackIds, { appliedAt: now, via });
    const words = catalog(org.locale).words;
    const nameOf = (p: PersonId) => before.get(p)?.name ?? p;
    const reconciled = reconcileOpenBombs(db, org, now, {
      had: (p) => before.has(p),
      superiorOf: (p) => before.get(p)?.reportsTo ?? null,
      nameOf,
    });
    const left = [...before.keys()].filter((p) => !org.people.has(p));
    const withdrawn = withdrawMessagesTo(db, left, now, (p) =>
      words.leftOrg({ person: nameOf(p) }),
    );
    return { revision, changed: true, ...reconciled, withdrawn };
  });
}

/**
 * Every open bomb that names someone no longer in the people table, reconciled by the core.
 * The SQL only narrows the reading: `involved` lists everyone a bomb has named (holders, owners,
 * rungs reached), so a bomb that names nobody outside the org is never parsed.
 */
function reconcileOpenBombs(
  db: Db,
  org: Org,
  now: number,
  former: FormerOrg,
): Pick<OrgChange, "moved" | "transitions" | "unreadable"> {
  const rows = db.$client
    .prepare(
      `SELECT id, version, data FROM bombs
       WHERE state IN ('triage', 'pending', 'accepted', 'resolved')
         AND (holder NOT IN (SELECT id FROM people)
           OR EXISTS (SELECT 1 FROM json_each(bombs.data, '$.involved') AS named
                      WHERE named.value NOT IN (SELECT id FROM people)))
       ORDER BY id`,
    )
    .all() as { id: number; version: number; data: string }[];
  const words = catalog(org.locale).words;
  const ctx = {
    org,
    calendar: calendarFor(org),
    now,
    leftOrg: (name: string) => words.leftOrg({ person: name }),
  };
  const result: Pick<OrgChange, "moved" | "transitions" | "unreadable"> = {
    moved: 0,
    transitions: [],
    unreadable: [],
  };
  for (const row of rows) {
    let bomb: Bomb;
    try {
      bomb = bombSchema.parse(JSON.parse(row.data));
    } catch (error) {
      result.unreadable.push({ id: row.id, error: messageOf(error) });
      continue;
    }
    const reconciled = reconcileBomb(bomb, ctx, former);
    if (reconciled === null) continue;
    const transition = onlyReachable(reconciled, org);
    if (!saveTransition(db, bomb.version, transition, { via: "system", recordedAt: now })) continue;
    result.transitions.push(transition);
    if (transition.events.some((e) => e.kind === "reassigned")) result.moved += 1;
  }
  return result;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
