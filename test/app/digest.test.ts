import { describe, expect, it } from "vitest";
import type { Bomb } from "../../src/core/bomb.ts";
import { digestOf } from "../../src/report/digest.ts";
import {
  acceptedBomb,
  at,
  atTopBomb,
  calendar,
  closedBomb,
  defusedBomb,
  escalatedBomb,
  forwardedBomb,
  org,
  overdueBomb,
  P,
  pendingBomb,
  REFERENCE,
  resolvedBomb,
  tick,
  triageBomb,
} from "../slack/slack-fixtures.ts";

/** A bomb with another id (the fixtures all share one). */
function withId(bomb: Bomb, id: number): Bomb {
  return { ...bomb, id };
}

describe("digestOf", () => {
  it("lists only bombs someone must answer or deliver: pending and accepted", () => {
    const bombs = [
      withId(triageBomb(), 1),
      withId(pendingBomb(), 2),
      withId(acceptedBomb(), 3),
      withId(resolvedBomb(), 4),
      withId(closedBomb(), 5),
      withId(defusedBomb(), 6),
    ];
    const digest = digestOf(bombs, org, calendar, REFERENCE);
    expect(digest.total).toBe(2);
    expect(digest.departments.flatMap((d) => d.entries.map((e) => e.id))).toEqual([2, 3]);
    expect(digest.date).toBe("2026-11-23");
  });

  it("groups by department in the org file's order, leaving empty ones out", () => {
    const bombs = [withId(forwardedBomb(), 1), withId(pendingBomb(), 2)];
    const digest = digestOf(bombs, org, calendar, REFERENCE);
    expect(digest.departments.map((d) => [d.id, d.name])).toEqual([
      ["logistica", "Logística"],
      ["comercial", "Comercial"],
    ]);
  });

  it("puts a department the org no longer has last, under its id", () => {
    const gone = withId(pendingBomb(), 1);
    if (gone.state !== "pending") throw new Error("pending");
    const orphan: Bomb = {
      ...gone,
      departmentId: "almacen",
      assignment: { ...gone.assignment, departmentId: "almacen" },
    };
    const digest = digestOf([orphan, withId(pendingBomb(), 2)], org, calendar, REFERENCE);
    expect(digest.departments.map((d) => d.name)).toEqual(["Logística", "almacen"]);
  });

  it("gives time left in working days and the rung reached", () => {
    // Opened Monday 23 at 10:00: answer due Thursday 26 at 10:00, three working days away.
    const [fresh] =
      digestOf([pendingBomb()], org, calendar, REFERENCE).departments[0]?.entries ?? [];
    expect(fresh).toMatchObject({
      state: "pending",
      holder: P.nacho,
      path: [P.nacho],
      workingDaysLeft: 3,
      overdue: false,
      forwards: 0,
    });
    const now = at("2026-11-26T11:00");
    const [climbed] = digestOf([escalatedBomb()], org, calendar, now).departments[0]?.entries ?? [];
    expect(climbed).toMatchObject({ holder: P.luis, path: [P.nacho, P.luis], workingDaysLeft: 3 });
    const top = digestOf([atTopBomb()], org, calendar, at("2026-12-22T11:00")).departments[0];
    expect(top?.entries[0]?.path).toEqual([P.nacho, P.luis, P.olga, P.carlos]);
  });

  it("shows an overdue commitment with the climb it made and negative days left", () => {
    const now = at("2026-12-03T11:00");
    const [entry] = digestOf([overdueBomb()], org, calendar, now).departments[0]?.entries ?? [];
    // Due Wednesday 2 December at dayEnds; on Thursday 3 it is one working day overdue.
    expect(entry).toMatchObject({
      state: "accepted",
      holder: P.nacho,
      path: [P.nacho, P.luis],
      overdue: true,
      workingDaysLeft: -1,
    });
  });

  it("puts overdue bombs first, the most overdue at the top, then by deadline", () => {
    const now = at("2026-12-03T11:00");
    // As an always-on scheduler leaves them at `now`, except #3 whose last climb is still due
    // (Tuesday 1 at 10:00): the most overdue of all.
    const bombs = [
      withId(tick(pendingBomb(), now), 1),
      withId(tick(overdueBomb(), now), 2),
      withId(tick(escalatedBomb(), at("2026-11-30T10:00")), 3),
      withId(tick(acceptedBomb(), now), 4),
    ];
    const digest = digestOf(bombs, org, calendar, now);
    const entries = digest.departments[0]?.entries ?? [];
    expect(entries.map((e) => [e.id, e.overdue])).toEqual([
      [3, true],
      [2, true],
      [4, true],
      [1, false],
    ]);
    expect(digest.overdue).toBe(3);
    expect(digest.departments[0]?.overdue).toBe(3);
  });

  it("counts forwards", () => {
    const [entry] =
      digestOf([forwardedBomb()], org, calendar, REFERENCE).departments[0]?.entries ?? [];
    expect(entry).toMatchObject({ holder: P.sergio, forwards: 1, path: [P.sergio] });
  });
});
