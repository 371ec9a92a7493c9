/**
 * The one way an org comes into force, for `org import`, `serve`'s start and `tick` alike: in
 * ONE transaction, store it as the next revision, move the open bombs of people who left, take
 * everyone who left off every open bomb and withdraw the messages still waiting for them. A
 * crash anywhere leaves either the old org with its bombs or the new one with its moves, never
 * the new org over bombs that still name people who left. Looking people up in Slack is network
 * I/O and happens before, outside the transaction (see `boot.ts`).
 */
import type { Transition } from "../core/effects.ts";
import type { Org, PersonId } from "../core/org.ts";
import { onlyReachable, reconcileBomb } from "../core/org-change.ts";
import { catalog } from "../i18n/catalog.ts";
import { calendarFor } from "../org/org-calendar.ts";
import type { Store } from "../store/store.ts";
import { chatPlatform } from "./org-sync.ts";

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
 * Puts `org` in force with everyone's address on `platform` (`slackIds`), unless it already is: see the module
 * comment. Safe to call from several processes at once: the second finds it already in force.
 */
export async function changeOrg(
  store: Store,
  org: Org,
  slackIds: ReadonlyMap<PersonId, string>,
  now: number,
  via: OrgVia,
  platform: string = chatPlatform,
): Promise<OrgChange> {
  const words = catalog(org.locale).words;
  const addresses = { platform, byPerson: slackIds };
  const written = await store.changeOrg(org, addresses, { now, via }, (before) => {
    const nameOf = (p: PersonId) => before.get(p)?.name ?? p;
    const former = {
      had: (p: PersonId) => before.has(p),
      superiorOf: (p: PersonId) => before.get(p)?.reportsTo ?? null,
      nameOf,
    };
    const ctx = {
      org,
      calendar: calendarFor(org),
      now,
      leftOrg: (name: string) => words.leftOrg({ person: name }),
    };
    return {
      reconcile(bomb) {
        const reconciled = reconcileBomb(bomb, ctx, former);
        return reconciled === null ? null : onlyReachable(reconciled, org);
      },
      withdrawnBecause: (p) => words.leftOrg({ person: nameOf(p) }),
    };
  });
  const moved = written.transitions.filter((t) =>
    t.events.some((e) => e.kind === "reassigned"),
  ).length;
  return { ...written, moved };
}
