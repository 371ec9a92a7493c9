/**
 * What a new org does to one bomb, as a table: who holds it after, who is still named on it,
 * what the timeline says and who is told. Nobody outside the new org stays anywhere on an open
 * bomb (`involved`, `passedThrough`, `overdueReached`), and nobody outside it is ever written to
 * unless they are a Slack user named by id.
 */
import { describe, expect, it } from "vitest";
import { type Bomb, currentHolder } from "../../src/core/bomb.ts";
import type { Outgoing } from "../../src/core/effects.ts";
import { isExternalPerson, type Org, type PersonId } from "../../src/core/org.ts";
import {
  type FormerOrg,
  isReachable,
  onlyReachable,
  reconcileBomb,
} from "../../src/core/org-change.ts";
import { advance } from "../../src/core/schedule.ts";
import { decide } from "../../src/core/transitions.ts";
import { calendarFor } from "../../src/org/org-calendar.ts";
import {
  acceptedBomb,
  buildOrg,
  CALENDAR,
  cmd,
  ctxOf,
  MONDAY_10,
  must,
  ORG,
  orgChartYaml,
  P,
  pendingBomb,
  resolvedBomb,
  told,
  triageBomb,
} from "../fixtures/org-chart.ts";

const NOW = MONDAY_10;

/** The fixture org without `gone`, references to each rewritten to their superior. */
function without(...gone: PersonId[]): Org {
  let text = orgChartYaml();
  for (const person of gone) {
    let boss = ORG.people.get(person)?.reportsTo ?? P.ceo;
    while (gone.includes(boss)) boss = ORG.people.get(boss)?.reportsTo ?? P.ceo;
    text = text
      .split("\n")
      .filter((line) => !line.includes(`email: ${person},`))
      .join("\n")
      .split(person)
      .join(boss);
  }
  return buildOrg(text);
}

const former: FormerOrg = {
  had: (p) => ORG.people.has(p),
  superiorOf: (p) => ORG.people.get(p)?.reportsTo ?? null,
  nameOf: (p) => ORG.people.get(p)?.name ?? p,
};

function reconcile(bomb: Bomb, org: Org) {
  return reconcileBomb(
    bomb,
    { org, calendar: calendarFor(org), now: NOW, leftOrg: (name) => `${name} se fue` },
    former,
  );
}

/** A pending bomb that climbed from Nacho to Luis (Nacho passed through). */
function escalatedBomb(): Bomb {
  const opened = pendingBomb();
  const t = advance(opened, opened.assignment.answerDueAt, { org: ORG, calendar: CALENDAR });
  if (t === null) throw new Error("nothing due");
  return t.bomb;
}

/** An accepted bomb (owner Nacho, visitor Marcos) whose overdue climb reached Luis and Olga. */
function overdueBomb(): Bomb {
  const accepted = acceptedBomb(undefined, { visitBy: P.marcos });
  const { dueAt } = accepted.commitment;
  const later = CALENDAR.add(CALENDAR.add(dueAt, { workingDays: 3 }), { workingDays: 1 });
  const t = advance(accepted, later, { org: ORG, calendar: CALENDAR });
  if (t === null) throw new Error("nothing due");
  return t.bomb;
}

interface Row {
  name: string;
  bomb: () => Bomb;
  gone: PersonId[];
  holder: PersonId | null;
  involved: PersonId[];
  passedThrough?: PersonId[];
  overdueReached?: PersonId[];
  events: string[];
  told: string[];
}

const rows: Row[] = [
  {
    name: "pending, its holder left: moved to the former superior, who and the manager are told",
    bomb: pendingBomb,
    gone: [P.nacho],
    holder: P.luis,
    involved: [P.ana, P.luis],
    passedThrough: [],
    events: ["reassigned"],
    told: [`bomb_reassigned → ${P.ana}`, `bomb_reassigned → ${P.luis}`],
  },
  {
    name: "escalated, the one it climbed from left: kept, taken off passedThrough and involved",
    bomb: escalatedBomb,
    gone: [P.nacho],
    holder: P.luis,
    involved: [P.ana, P.luis],
    passedThrough: [],
    events: ["left_org"],
    told: [],
  },
  {
    name: "accepted, its visitor left: kept, the visitor taken off",
    bomb: () => acceptedBomb(undefined, { visitBy: P.marcos }),
    gone: [P.marcos],
    holder: P.nacho,
    involved: [P.ana, P.nacho],
    events: ["left_org"],
    told: [],
  },
  {
    name: "overdue, a rung it reached left: kept, the rung taken off overdueReached",
    bomb: overdueBomb,
    gone: [P.luis],
    holder: P.nacho,
    involved: [P.ana, P.nacho, P.marcos, P.olga],
    overdueReached: [P.olga],
    events: ["left_org"],
    told: [],
  },
  {
    name: "accepted, owner and visitor left: moved, both taken off",
    bomb: () => acceptedBomb(undefined, { visitBy: P.marcos }),
    gone: [P.nacho, P.marcos],
    holder: P.luis,
    involved: [P.ana, P.luis],
    events: ["reassigned", "left_org"],
    told: [`bomb_reassigned → ${P.ana}`, `bomb_reassigned → ${P.luis}`],
  },
  {
    name: "resolved with a commitment, owner left: the commitment moves",
    bomb: resolvedBomb,
    gone: [P.nacho],
    holder: P.luis,
    involved: [P.ana, P.luis],
    events: ["reassigned"],
    told: [`bomb_reassigned → ${P.ana}`, `bomb_reassigned → ${P.luis}`],
  },
  {
    name: "resolved straight away by someone who left: nothing to move, they are taken off",
    bomb: () => must(decide(pendingBomb(), cmd.resolve(), ctxOf(P.nacho, NOW))).bomb,
    gone: [P.nacho],
    holder: P.nacho,
    involved: [P.ana],
    events: ["left_org"],
    told: [],
  },
  {
    name: "in triage, its reporter left: taken off the people told",
    bomb: triageBomb,
    gone: [P.jorge],
    holder: null,
    involved: [P.ana],
    events: ["left_org"],
    told: [],
  },
];

describe("reconcileBomb", () => {
  it.each(rows)("$name", (row) => {
    const bomb = row.bomb();
    const t = reconcile(bomb, without(...row.gone));
    if (t === null) throw new Error("nothing reconciled");
    expect(t.bomb.version).toBe(bomb.version + 1);
    expect(currentHolder(t.bomb)).toBe(row.holder);
    expect(t.bomb.involved).toEqual(row.involved);
    if (row.passedThrough !== undefined) {
      expect(t.bomb).toMatchObject({ assignment: { passedThrough: row.passedThrough } });
    }
    if (row.overdueReached !== undefined) {
      expect(t.bomb).toMatchObject({ commitment: { overdueReached: row.overdueReached } });
    }
    expect(t.events.map((e) => e.kind)).toEqual(row.events);
    expect(told(t)).toEqual(row.told);
    // Every event says who is gone, by the name they had.
    const names = t.events.flatMap((e) =>
      e.kind === "left_org" ? (e.data.people as string[]) : [String(e.data.reason)],
    );
    expect(names.join(" ")).not.toContain("@");
  });

  it("leaves alone a bomb that names nobody who left, and any bomb no longer open", () => {
    expect(reconcile(pendingBomb(), without(P.vera))).toBeNull();
    const defused = must(decide(pendingBomb(), cmd.defuse(), ctxOf(P.ana, NOW))).bomb;
    expect(reconcile(defused, without(P.nacho))).toBeNull();
  });

  it("takes off someone the old file named only by Slack id, once they left", () => {
    // Accepted while the old file still named them (by Slack id alone: their key there).
    const temporal = {
      id: "U0TEMPORAL",
      email: null,
      addresses: { slack: "U0TEMPORAL" },
      name: "Tomás Temporal",
      title: "Repartidor",
      reportsTo: P.nacho,
    };
    const oldOrg = { ...ORG, people: new Map([...ORG.people, ["U0TEMPORAL", temporal]]) };
    const accepted = decide(pendingBomb(), cmd.accept({ visitBy: "U0TEMPORAL" }), {
      ...ctxOf(P.nacho, NOW),
      org: oldOrg,
    });
    const bomb = must(accepted).bomb;
    const formerWithTemp: FormerOrg = {
      ...former,
      had: (p) => p === "U0TEMPORAL" || ORG.people.has(p),
    };
    const t = reconcileBomb(
      bomb,
      { org: ORG, calendar: CALENDAR, now: NOW, leftOrg: (name) => `${name} se fue` },
      formerWithTemp,
    );
    expect(t?.bomb.involved).not.toContain("U0TEMPORAL");
    expect(t?.events.map((e) => e.kind)).toEqual(["left_org"]);
  });

  it("keeps a visitor who was never in the org file, named by their Slack id", () => {
    const bomb = acceptedBomb(undefined, { visitBy: "slack:U0VISITOR" });
    expect(reconcile(bomb, without(P.vera))).toBeNull();
    const moved = reconcile(bomb, without(P.nacho));
    expect(moved?.bomb.involved).toContain("slack:U0VISITOR");
  });
});

describe("onlyReachable", () => {
  const message = (to: PersonId): Outgoing => ({
    to,
    kind: "bomb_closed",
    bombId: 1,
    version: 2,
    notBefore: NOW,
    params: {},
  });

  it("drops the messages to anyone outside the org, keeping Slack users named by id", () => {
    const org = without(P.marcos);
    expect(isReachable(org, P.nacho)).toBe(true);
    expect(isReachable(org, P.marcos)).toBe(false);
    expect(isReachable(org, "slack:U0VISITOR")).toBe(true);
    const t = { messages: [message(P.nacho), message(P.marcos), message("slack:U0VISITOR")] };
    expect(onlyReachable(t, org).messages.map((m) => m.to)).toEqual([P.nacho, "slack:U0VISITOR"]);
  });

  it("knows people outside the org only by a platform:address id, not by a bare platform id", () => {
    const org = without(P.marcos);
    expect(isExternalPerson("slack:U0VISITOR")).toBe(true);
    expect(isExternalPerson("teams:29:1a-b2")).toBe(true);
    expect(isExternalPerson("teams:8f2e-41aa")).toBe(true);
    expect(isReachable(org, "U0VISITOR")).toBe(false);
    expect(isReachable(org, "visitor@example.com")).toBe(false);
    expect(isReachable(org, "slack:")).toBe(false);
    // A channel key names where a job posts, never a person.
    expect(isExternalPerson("channel:digest")).toBe(false);
  });
});
