import { describe, expect, it } from "vitest";
import type { Bomb } from "../../src/core/bomb.ts";
import type { Params } from "../../src/core/effects.ts";
import { advance } from "../../src/core/schedule.ts";
import { stillTrue } from "../../src/core/still-true.ts";
import { type Command, decide } from "../../src/core/transitions.ts";
import { catalog } from "../../src/i18n/catalog.ts";
import {
  acceptedBomb,
  CALENDAR,
  cmd,
  ctxOf,
  madrid,
  must,
  ORG,
  P,
  pendingBomb,
  resolvedBomb,
  triageBomb,
} from "../fixtures/org-chart.ts";

const NOW = madrid("2026-11-20T10:00");

function after(bomb: Bomb, command: Command, actor: string): Bomb {
  return must(decide(bomb, command, ctxOf(actor, NOW))).bomb;
}

/** A pending bomb after the clock ran to `until` (nacho → luis 19 Nov → olga 24 Nov → CEO 27 Nov). */
function climbed(until: string): Bomb {
  return (
    advance(pendingBomb(), madrid(until), { org: ORG, calendar: CALENDAR })?.bomb ?? pendingBomb()
  );
}

/** Where the bombs of the table stand when a message about them is about to be delivered. */
const at = {
  pendingAtNacho: () => pendingBomb(),
  atLuis: () => climbed("2026-11-19T10:00"),
  atOlga: () => climbed("2026-11-24T10:00"),
  atTheCeo: () => climbed("2026-12-02T10:00"),
  forwardedToSergio: () => after(pendingBomb(), cmd.forward({ to: P.sergio }), P.nacho),
  acceptedBySergio: () =>
    after(after(pendingBomb(), cmd.forward({ to: P.sergio }), P.nacho), cmd.accept(), P.sergio),
  triage: () => triageBomb(),
  activated: () => after(triageBomb(), cmd.activate(), P.ana),
  dismissed: () => after(triageBomb(), cmd.dismiss(), P.ana),
  accepted: () => acceptedBomb(),
  acceptedMarcosVisits: () => acceptedBomb(undefined, { visitBy: P.marcos }),
  resolved: () => resolvedBomb(),
  closed: () => after(resolvedBomb(), cmd.verify(), P.ana),
  defused: () => after(acceptedBomb(), cmd.defuse(), P.ana),
  reopened: () => after(resolvedBomb(), cmd.reopen({ dueDate: "2026-11-30" }), P.ana),
  reassignedToSergio: () => after(acceptedBomb(), cmd.reassign({ to: P.sergio }), P.ana),
};

type Row = [string, string, string, Params, keyof typeof at, boolean];

const rows: Row[] = [
  // "It's yours": true while the recipient holds it, unanswered.
  ["it's yours, still theirs", "bomb_assigned", P.nacho, {}, "pendingAtNacho", true],
  ["it's yours, climbed on", "bomb_assigned", P.nacho, {}, "atLuis", false],
  ["it's yours, accepted since", "bomb_assigned", P.nacho, {}, "accepted", false],
  ["it's yours, defused since", "bomb_assigned", P.nacho, {}, "defused", false],
  ["climbed to you, still there", "bomb_escalated", P.luis, { to: P.luis }, "atLuis", true],
  ["climbed to you, moved on", "bomb_escalated", P.luis, { to: P.luis }, "atOlga", false],
  ["forwarded to you, still there", "bomb_forwarded", P.sergio, {}, "forwardedToSergio", true],
  ["forwarded to you, you accepted", "bomb_forwarded", P.sergio, {}, "acceptedBySergio", false],
  // "Not answered, it climbed to X": true while X holds it unanswered.
  ["not answered, still at luis", "bomb_unanswered", P.nacho, { to: P.luis }, "atLuis", true],
  ["not answered, now at olga", "bomb_unanswered", P.nacho, { to: P.luis }, "atOlga", false],
  ["not answered, accepted since", "bomb_unanswered", P.ana, { to: P.luis }, "accepted", false],
  ["unanswered at the top", "unanswered_at_top", P.ceo, { holder: P.ceo }, "atTheCeo", true],
  [
    "unanswered at the top, accepted",
    "unanswered_at_top",
    P.ana,
    { holder: P.ceo },
    "acceptedBySergio",
    false,
  ],
  // Triage: true while it waits for triage.
  ["triage request, waiting", "triage_request", P.ana, {}, "triage", true],
  ["triage request, activated", "triage_request", P.ana, {}, "activated", false],
  ["triage request, dismissed", "triage_request", P.ana, {}, "dismissed", false],
  // The commitment: true while that commitment (owner, date) stands unresolved.
  [
    "reminder, accepted",
    "commitment_reminder",
    P.nacho,
    { dueDate: "2026-11-24" },
    "accepted",
    true,
  ],
  [
    "reminder, resolved",
    "commitment_reminder",
    P.nacho,
    { dueDate: "2026-11-24" },
    "resolved",
    false,
  ],
  ["reminder, closed", "commitment_reminder", P.nacho, { dueDate: "2026-11-24" }, "closed", false],
  [
    "reminder, defused",
    "commitment_reminder",
    P.nacho,
    { dueDate: "2026-11-24" },
    "defused",
    false,
  ],
  [
    "reminder, reopened with another date",
    "commitment_reminder",
    P.nacho,
    { dueDate: "2026-11-24" },
    "reopened",
    false,
  ],
  [
    "reminder, reassigned",
    "commitment_reminder",
    P.nacho,
    { dueDate: "2026-11-24" },
    "reassignedToSergio",
    false,
  ],
  [
    "overdue, still",
    "commitment_overdue",
    P.luis,
    { owner: P.nacho, dueDate: "2026-11-24" },
    "accepted",
    true,
  ],
  [
    "overdue, the owner resolved",
    "commitment_overdue",
    P.luis,
    { owner: P.nacho, dueDate: "2026-11-24" },
    "resolved",
    false,
  ],
  [
    "overdue, reassigned",
    "commitment_overdue",
    P.ana,
    { owner: P.nacho, dueDate: "2026-11-24" },
    "reassignedToSergio",
    false,
  ],
  [
    "you will visit, planned",
    "visit_assigned",
    P.marcos,
    { visitOn: "2026-11-20" },
    "acceptedMarcosVisits",
    true,
  ],
  [
    "you will visit, not you",
    "visit_assigned",
    P.marcos,
    { visitOn: "2026-11-20" },
    "accepted",
    false,
  ],
  [
    "you will visit, resolved",
    "visit_assigned",
    P.nacho,
    { visitOn: "2026-11-20" },
    "resolved",
    false,
  ],
  ["reopened, still", "bomb_reopened", P.nacho, { dueDate: "2026-11-30" }, "reopened", true],
  ["reopened, other date", "bomb_reopened", P.nacho, { dueDate: "2026-11-25" }, "reopened", false],
  [
    "reassigned to you, still yours",
    "bomb_reassigned",
    P.sergio,
    { to: P.sergio },
    "reassignedToSergio",
    true,
  ],
  ["reassigned to you, moved on", "bomb_reassigned", P.luis, { to: P.luis }, "atOlga", false],
  // Verify / Reopen for the loyalty managers: true while it waits for verification.
  ["resolved, waiting", "bomb_resolved", P.ana, {}, "resolved", true],
  ["resolved, verified since", "bomb_resolved", P.ana, {}, "closed", false],
  ["resolved, reopened since", "bomb_resolved", P.ana, {}, "reopened", false],
  // News of what happened stays true.
  [
    "reassigned, told to the loyalty manager",
    "bomb_reassigned",
    P.ana,
    { to: P.sergio },
    "closed",
    true,
  ],
  ["accepted, told later", "bomb_accepted", P.ana, { owner: P.nacho }, "closed", true],
  ["closed", "bomb_closed", P.nacho, {}, "closed", true],
  ["defused", "bomb_defused", P.nacho, {}, "defused", true],
  ["report activated", "report_activated", P.jorge, {}, "accepted", true],
  ["report dismissed", "report_dismissed", P.jorge, {}, "dismissed", true],
  ["forward limit", "forward_limit", P.ana, { forwards: 4 }, "acceptedBySergio", true],
  ["a delivery failure alert", "delivery_failed", P.ana, { to: P.luis }, "closed", true],
];

describe("stillTrue: is a queued message still true of the bomb as it stands?", () => {
  it.each(rows)("%s: %s → %s", (_case, kind, to, params, state, expected) => {
    expect(stillTrue({ kind, to, params }, at[state]())).toBe(expected);
  });

  it("the table covers every kind of message", () => {
    const kinds = new Set(rows.map((r) => r[1]));
    for (const kind of Object.keys(catalog("es").messages)) expect(kinds).toContain(kind);
  });

  it("keeps a message about no bomb, or about a bomb it cannot find", () => {
    expect(stillTrue({ kind: "bomb_assigned", to: P.nacho, params: {} }, null)).toBe(true);
  });
});
