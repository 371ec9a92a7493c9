/**
 * The store's contract: every `Store` method, the same cases on every database the bot runs on.
 * SQLite always; PostgreSQL too when `BOMBA_TEST_PG` names a server (see
 * test/fixtures/store-backends.ts), each run on a database of its own. The cases go through the
 * use cases where one exists, so what is proven is what the app relies on; the "two stores at
 * once" cases open a second store on the same database (a second instance on PostgreSQL).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actOnBomb, reportBomb } from "../../src/app/bomb-actions.ts";
import { changeOrg } from "../../src/app/org-change.ts";
import { chatPlatform } from "../../src/app/org-sync.ts";
import { runPass } from "../../src/app/scheduler.ts";
import type { Services } from "../../src/app/services.ts";
import {
  type Bomb,
  type DigestRow,
  digestRowSchema,
  digestStates,
  nextDueAt,
} from "../../src/core/bomb.ts";
import { quarterAt } from "../../src/core/quarter.ts";
import { digestOf } from "../../src/report/digest.ts";
import { type OutboxRow, outcomeUnknown, refreshKind, type Store } from "../../src/store/store.ts";
import { tempDir } from "../fixtures/bomb-db.ts";
import {
  buildOrg,
  CALENDAR,
  cmd,
  complaint,
  DAY,
  HOUR,
  MONDAY_10,
  ORG,
  orgChartYaml,
  P,
  pendingBomb,
  UNKNOWN,
  ZONE,
} from "../fixtures/org-chart.ts";
import { contractBackends } from "../fixtures/store-backends.ts";

const IDS = new Map([
  [P.ana, "U0ANA"],
  [P.nacho, "U0NACHO"],
]);

const servicesOf = (store: Store): Services => ({ store, org: ORG, calendar: CALENDAR });

/** Ana opens a complaint at once in `department` (pending with its link). */
async function open(svc: Services, at = MONDAY_10, departmentId = "logistica"): Promise<Bomb> {
  const result = await reportBomb(
    svc,
    { person: P.ana, now: at, via: "system" },
    complaint({ departmentId, customer: `VIP ${at}` }),
  );
  if (!result.ok) throw new Error(`not opened: ${JSON.stringify(result)}`);
  return result.bomb;
}

/** The first instant `bomb` is due, as the store says. */
async function firstDue(store: Store): Promise<number> {
  const at = await store.earliestDueAt();
  if (at === null) throw new Error("nothing due");
  return at;
}

/** `store` with `advanceDue`'s step throwing for bomb `bad`: a bomb that cannot be advanced. */
function breaking(store: Store, bad: number): Store {
  return new Proxy(store, {
    get(target, property) {
      if (property === "advanceDue") {
        const advanceDue: Store["advanceDue"] = (now, options, step, stuck) =>
          target.advanceDue(
            now,
            options,
            (bomb) => {
              if (bomb.id === bad) throw new Error("roto");
              return step(bomb);
            },
            stuck,
          );
        return advanceDue;
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The fixture org without Nacho and Marcos (Luis is the logistics link). */
function orgWithoutNachoAndMarcos() {
  let text = orgChartYaml()
    .split("\n")
    .filter((line) => !line.includes(`email: ${P.nacho},`) && !line.includes(`email: ${P.marcos},`))
    .join("\n");
  text = text.split(P.nacho).join(P.luis).split(P.marcos).join(P.luis);
  return buildOrg(text);
}

/** A bomb's pending messages (not refreshes), oldest first, as deliverable at `now`. */
async function dueOf(store: Store, bombId: number, now: number): Promise<OutboxRow[]> {
  return (await store.deliverableRows(now, 1000)).filter(
    (r) => r.bombId === bombId && r.kind !== refreshKind,
  );
}

for (const backend of contractBackends()) {
  describe(`the store contract on ${backend.name}`, () => {
    const stores: Store[] = [];
    let store: Store;
    let another: () => Promise<Store>;
    let svc: Services;

    beforeAll(() => backend.setUp());
    afterAll(async () => {
      for (const s of stores) await s.close();
      await backend.tearDown();
    });

    /** A fresh, empty store for one case, with the fixture org in force. */
    async function fresh(withOrg = true): Promise<void> {
      const made = await backend.fresh();
      store = made.store;
      another = async () => {
        const second = await made.another();
        stores.push(second);
        return second;
      };
      stores.push(store);
      svc = servicesOf(store);
      if (withOrg) await changeOrg(store, ORG, IDS, MONDAY_10 - DAY, "import");
    }

    describe("reportBomb", () => {
      it("gives ids 1, 2, 3 in order and stores each bomb with its timeline and messages", async () => {
        await fresh();
        const bombs = [
          await open(svc),
          await open(svc, MONDAY_10 + 1),
          await open(svc, MONDAY_10 + 2),
        ];
        expect(bombs.map((b) => b.id)).toEqual([1, 2, 3]);
        expect(await store.loadBomb(2)).toEqual(bombs[1]);
        const timeline = await store.loadTimeline(1);
        expect(timeline.length).toBeGreaterThan(0);
        expect(timeline.every((e) => e.bombId === 1 && e.recordedAt === MONDAY_10)).toBe(true);
        expect(timeline[0]).toMatchObject({ via: "system", version: 1 });
        const messages = await store.bombMessages(1);
        expect(messages.length).toBeGreaterThan(0);
        expect(messages.some((m) => m.kind === refreshKind)).toBe(false);
      });

      it("the same source key twice returns the first bomb and stores one", async () => {
        await fresh();
        const actor = { person: P.ana, now: MONDAY_10, via: "slack" as const };
        const first = await reportBomb(svc, actor, complaint({ departmentId: "logistica" }), "V1");
        const again = await reportBomb(svc, actor, complaint({ departmentId: "comercial" }), "V1");
        expect(first.ok && again.ok && again.bomb).toEqual(first.ok && first.bomb);
        expect(await store.countOpenBombs({ all: true })).toBe(1);
      });

      it("a decision that writes nothing stores nothing", async () => {
        await fresh();
        const id = await store.reportBomb(null, (next) => ({ write: null, result: next }), {
          via: "cli",
          recordedAt: MONDAY_10,
        });
        expect(await store.loadBomb(id)).toBeNull();
        expect(await store.countOpenBombs({ all: true })).toBe(0);
      });

      it("two stores filing at once get different ids; one source key from both makes one bomb", async () => {
        await fresh();
        const second = servicesOf(await another());
        const filed = await Promise.all(
          Array.from({ length: 10 }, (_, i) => open(i % 2 === 0 ? svc : second, MONDAY_10 + i)),
        );
        expect(new Set(filed.map((b) => b.id)).size).toBe(10);
        const actor = { person: P.ana, now: MONDAY_10, via: "slack" as const };
        const same = await Promise.all(
          [svc, second, svc, second].map((s) =>
            reportBomb(s, actor, complaint({ departmentId: "logistica" }), "V-same"),
          ),
        );
        const ids = same.map((r) => (r.ok ? r.bomb.id : null));
        expect(new Set(ids).size).toBe(1);
        expect(await store.countOpenBombs({ all: true })).toBe(11);
      });
    });

    describe("actOnBomb", () => {
      it("writes the transition over the version it read", async () => {
        await fresh();
        const bomb = await open(svc);
        const who = { person: P.nacho, now: MONDAY_10 + HOUR, via: "slack" as const };
        const accepted = await actOnBomb(svc, bomb.id, who, cmd.accept());
        expect(accepted.ok).toBe(true);
        const stored = await store.loadBomb(bomb.id);
        expect(stored?.state).toBe("accepted");
        expect(stored?.version).toBeGreaterThan(bomb.version);
        const timeline = await store.loadTimeline(bomb.id);
        expect(timeline.at(-1)?.version).toBe(stored?.version);
      });

      it("no such bomb: the decision gets null and nothing is written", async () => {
        await fresh();
        const seen = await store.actOnBomb(99, (b) => ({ write: null, result: b }), {
          via: "slack",
          recordedAt: MONDAY_10,
        });
        expect(seen).toEqual({ result: null, written: false });
      });

      it("two stores accepting the same bomb at once: one wins, the other is refused", async () => {
        await fresh();
        const bomb = await open(svc);
        const second = servicesOf(await another());
        const who = { person: P.nacho, now: MONDAY_10 + HOUR, via: "slack" as const };
        const results = await Promise.all(
          [svc, second, svc, second].map((s) => actOnBomb(s, bomb.id, who, cmd.accept())),
        );
        const won = results.filter((r) => r.ok);
        expect(won).toHaveLength(1);
        expect(await store.loadBomb(bomb.id)).toEqual(won[0]?.ok && won[0].bomb);
      });
    });

    describe("advanceDue", () => {
      it("advances each due bomb once; nothing is due again at the same instant", async () => {
        await fresh();
        for (let i = 0; i < 3; i++) await open(svc, MONDAY_10 + i);
        const at = (await firstDue(store)) + 10;
        const pass = await runPass(svc, at);
        expect(pass.transitions.map((t) => t.bomb.id).sort()).toEqual([1, 2, 3]);
        expect((await runPass(svc, at)).transitions).toEqual([]);
        for (const t of pass.transitions) expect(await store.loadBomb(t.bomb.id)).toEqual(t.bomb);
      });

      it("a dry run plans what a pass would do and writes nothing", async () => {
        await fresh();
        const bomb = await open(svc);
        const messages = await store.bombMessages(bomb.id);
        const at = (await firstDue(store)) + 10;
        const planned = await runPass(svc, at, { dryRun: true });
        expect(planned.transitions).toHaveLength(1);
        expect(await store.loadBomb(bomb.id)).toEqual(bomb);
        expect(await store.bombMessages(bomb.id)).toEqual(messages);
        const real = await runPass(svc, at);
        expect(real.transitions.map((t) => t.bomb)).toEqual(planned.transitions.map((t) => t.bomb));
      });

      it("maxBatches stops a pass with `more`; the next call carries on from there", async () => {
        await fresh();
        for (let i = 0; i < 5; i++) await open(svc, MONDAY_10 + i);
        const at = (await firstDue(store)) + 10;
        const done: number[] = [];
        const sizes: number[] = [];
        for (let calls = 0; calls < 10; calls++) {
          const pass = await runPass(svc, at, { batchSize: 2, maxBatches: 1 });
          done.push(...pass.transitions.map((t) => t.bomb.id));
          sizes.push(pass.transitions.length);
          if (!pass.more) break;
        }
        // A batch that advanced something promises more; the empty one ends it.
        expect(sizes).toEqual([2, 2, 1, 0]);
        expect(done.sort()).toEqual([1, 2, 3, 4, 5]);
      });

      it("a bomb that cannot be advanced is left alone, the others go on, people are told once", async () => {
        await fresh();
        for (let i = 0; i < 3; i++) await open(svc, MONDAY_10 + i);
        const at = (await firstDue(store)) + 10;
        const broken = servicesOf(breaking(store, 2));
        const first = await runPass(broken, at, { batchSize: 10 });
        expect(first.transitions.map((t) => t.bomb.id).sort()).toEqual([1, 3]);
        expect(first.stuck).toEqual([{ id: 2, error: "roto", first: true }]);
        const again = await runPass(broken, at + 1, { batchSize: 10 });
        expect(again.transitions).toEqual([]);
        expect(again.stuck).toEqual([{ id: 2, error: "roto", first: false }]);
        const timeline = await store.loadTimeline(2);
        expect(timeline.filter((e) => e.kind === "advance_failed")).toHaveLength(1);
        const version = (await store.loadBomb(2))?.version;
        const alert = await store.messageLanding(`2:${version}:bomb_stuck:${P.ana}`);
        expect(alert?.status).toBe("pending");
      });

      it("two stores passing at once advance every bomb exactly once", async () => {
        await fresh();
        for (let i = 0; i < 12; i++) await open(svc, MONDAY_10 + i);
        const second = servicesOf(await another());
        const at = (await firstDue(store)) + DAY;
        const passes = await Promise.all([
          runPass(svc, at, { batchSize: 3 }),
          runPass(second, at, { batchSize: 3 }),
        ]);
        const ids = passes.flatMap((p) => p.transitions.map((t) => t.bomb.id));
        expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
        for (let id = 1; id <= 12; id++) {
          const versions = (await store.loadTimeline(id)).map((e) => e.version);
          expect(versions).toEqual([...versions].sort((a, b) => a - b));
        }
      });
    });

    describe("changeOrg and the org in force", () => {
      it("puts an org in force once; the same org again writes nothing", async () => {
        await fresh(false);
        expect(await store.orgRevision()).toBe(0);
        expect(await store.storedOrg()).toBeNull();
        const first = await changeOrg(store, ORG, IDS, MONDAY_10, "import");
        expect(first).toMatchObject({ revision: 1, changed: true });
        const again = await changeOrg(store, ORG, IDS, MONDAY_10 + 1, "serve");
        expect(again).toMatchObject({ revision: 1, changed: false });
        expect(await store.orgRevision()).toBe(1);
        const stored = await store.storedOrg();
        expect(stored?.org.company).toBe(ORG.company);
        expect([...(stored?.org.people.keys() ?? [])]).toEqual([...ORG.people.keys()]);
        expect(await store.addressesOn(chatPlatform)).toEqual(IDS);
        const moved = new Map([[P.ana, "U0ANA2"]]);
        expect(await changeOrg(store, ORG, moved, MONDAY_10 + 2, "tick")).toMatchObject({
          revision: 2,
          changed: true,
        });
        expect(await store.addressesOn(chatPlatform)).toEqual(moved);
      });

      it("keeps a person's private conversation with their address, until the address changes", async () => {
        await fresh(false);
        const teams = new Map([
          [P.ana, "aaaa-ana"],
          [P.nacho, "aaaa-nacho"],
        ]);
        await changeOrg(store, ORG, teams, MONDAY_10, "import", "teams");
        expect(await store.addressesOn("teams")).toEqual(teams);
        expect(await store.conversationsOn("teams")).toEqual(new Map());
        await store.keepConversation("teams", "aaaa-ana", "a:1ana");
        await store.keepConversation("teams", "aaaa-nacho", "a:1nacho");
        // An address no one has, or another platform's: nothing kept.
        await store.keepConversation("teams", "aaaa-nobody", "a:1nobody");
        await store.keepConversation("slack", "aaaa-ana", "D0ANA");
        expect(await store.conversationsOn("teams")).toEqual(
          new Map([
            ["aaaa-ana", "a:1ana"],
            ["aaaa-nacho", "a:1nacho"],
          ]),
        );
        expect(await store.conversationsOn("slack")).toEqual(new Map());
        // Nacho's address changes: his conversation was with someone else and is dropped.
        const moved = new Map([
          [P.ana, "aaaa-ana"],
          [P.nacho, "aaaa-nacho-2"],
        ]);
        await changeOrg(store, ORG, moved, MONDAY_10 + 1, "import", "teams");
        expect(await store.conversationsOn("teams")).toEqual(new Map([["aaaa-ana", "a:1ana"]]));
      });

      it("someone who left: their bombs move on and messages waiting for them are withdrawn", async () => {
        await fresh();
        const evening = MONDAY_10 + 10 * HOUR;
        const bomb = await open(svc, evening);
        const waiting = await store.bombMessages(bomb.id);
        expect(waiting.map((m) => m.recipient)).toContain(P.nacho);
        const change = await changeOrg(
          store,
          orgWithoutNachoAndMarcos(),
          IDS,
          evening + HOUR,
          "tick",
        );
        expect(change).toMatchObject({ changed: true, withdrawn: 1, unreadable: [] });
        expect(change.moved).toBe(1);
        expect((await store.loadBomb(bomb.id))?.involved).not.toContain(P.nacho);
        const failed = (await store.loadTimeline(bomb.id)).filter(
          (e) => e.kind === "delivery_failed",
        );
        expect(failed).toHaveLength(1);
        expect(failed[0]?.data).toMatchObject({
          to: P.nacho,
          error: "Nacho Pérez ya no está en el organigrama",
        });
        expect(await store.addressesOn(chatPlatform)).toEqual(new Map([[P.ana, "U0ANA"]]));
      });

      it("two stores putting the same new org in force at once write one revision", async () => {
        await fresh(false);
        const second = await another();
        const changes = await Promise.all([
          changeOrg(store, ORG, IDS, MONDAY_10, "serve"),
          changeOrg(second, ORG, IDS, MONDAY_10, "serve"),
        ]);
        expect(changes.map((c) => c.changed).sort()).toEqual([false, true]);
        expect(await store.orgRevision()).toBe(1);
      });
    });

    describe("reads of bombs", () => {
      it("lists and counts open bombs by holder, department and all, soonest deadline first", async () => {
        await fresh();
        const late = await open(svc, MONDAY_10 + 2 * HOUR);
        const early = await open(svc, MONDAY_10);
        const sales = await open(svc, MONDAY_10 + HOUR, "comercial");
        const triage = await reportBomb(
          svc,
          { person: P.jorge, now: MONDAY_10, via: "system" },
          complaint(),
        );
        if (!triage.ok) throw new Error("not reported");
        const all = (await store.listOpenBombs({ all: true })).map((b) => b.id);
        expect(all.slice(0, 3)).toEqual([early.id, sales.id, late.id]);
        expect(all).toHaveLength(4);
        expect((await store.listOpenBombs({ all: true }, 2)).map((b) => b.id)).toEqual([
          early.id,
          sales.id,
        ]);
        expect((await store.listOpenBombs({ holder: P.nacho })).map((b) => b.id)).toEqual([
          early.id,
          late.id,
        ]);
        expect((await store.listOpenBombs({ department: "comercial" })).map((b) => b.id)).toEqual([
          sales.id,
        ]);
        expect(await store.countOpenBombs({ all: true })).toBe(4);
        expect(await store.countOpenBombs({ holder: P.sergio })).toBe(1);
        expect(await store.countOpenBombs({ department: "logistica" })).toBe(2);
        expect((await store.bombsInStates(["triage"])).map((b) => b.id)).toEqual([triage.bomb.id]);
        expect(await store.bombsInStates([])).toEqual([]);
        expect(await store.earliestDueAt()).toBe(nextDueAt(early));
      });

      it("lists equal deadlines by id and bombs without a deadline last, the limit cutting that order", async () => {
        await fresh();
        const later = await open(svc, MONDAY_10 + HOUR);
        const first = await open(svc, MONDAY_10);
        const tied = await open(svc, MONDAY_10);
        const triaged = async () => {
          const result = await reportBomb(
            svc,
            { person: P.jorge, now: MONDAY_10, via: "system" },
            complaint(),
          );
          if (!result.ok) throw new Error("not reported");
          expect(nextDueAt(result.bomb)).toBeNull();
          return result.bomb.id;
        };
        const noDeadline = [await triaged(), await triaged()];
        expect(nextDueAt(tied)).toBe(nextDueAt(first));
        const ids = async (filter: Parameters<Store["listOpenBombs"]>[0], limit?: number) =>
          (await store.listOpenBombs(filter, limit)).map((b) => b.id);
        expect(await ids({ all: true })).toEqual([first.id, tied.id, later.id, ...noDeadline]);
        expect(await ids({ all: true }, 4)).toEqual([first.id, tied.id, later.id, noDeadline[0]]);
        expect(await ids({ holder: P.nacho }, 2)).toEqual([first.id, tied.id]);
        expect(await ids({ department: "logistica" })).toEqual([first.id, tied.id, later.id]);
      });

      it("digestRows: each pending or accepted bomb cut to what the digest reads, the same digest as whole bombs", async () => {
        await fresh();
        expect(await store.digestRows()).toEqual([]);
        const who = (person: string, now: number) => ({ person, now, via: "slack" as const });
        // Text the JSON of both databases must carry through unchanged.
        const odd = 'Entregas "tarde" \\ \u0000 \u00f1 \ud83d\udca3 {"a":1}';
        const climbs = await open(svc, MONDAY_10);
        await open(svc, MONDAY_10 + HOUR, "comercial");
        const oddOne = await reportBomb(
          svc,
          who(P.ana, MONDAY_10 + HOUR),
          complaint({ departmentId: "logistica", customer: odd, complaint: odd }),
        );
        if (!oddOne.ok) throw new Error("not opened");
        const forwarded = await open(svc, MONDAY_10 + 2 * HOUR);
        expect(
          (await actOnBomb(svc, forwarded.id, who(P.nacho, MONDAY_10 + 3 * HOUR), cmd.forward()))
            .ok,
        ).toBe(true);
        const late = await open(svc, MONDAY_10 + 3 * HOUR);
        expect(
          (await actOnBomb(svc, late.id, who(P.nacho, MONDAY_10 + 4 * HOUR), cmd.accept())).ok,
        ).toBe(true);
        const resolved = await open(svc, MONDAY_10 + 4 * HOUR);
        await actOnBomb(svc, resolved.id, who(P.nacho, MONDAY_10 + 5 * HOUR), cmd.accept());
        await actOnBomb(svc, resolved.id, who(P.nacho, MONDAY_10 + 6 * HOUR), cmd.resolve());
        const triage = await reportBomb(svc, who(P.jorge, MONDAY_10), complaint());
        if (!triage.ok) throw new Error("not reported");
        // Ten days on: the pending ones climbed, the accepted one is overdue and reached above.
        const now = MONDAY_10 + 10 * DAY;
        await runPass(svc, now);
        await open(svc, now);
        const onTime = await open(svc, now + HOUR);
        const accept = cmd.accept({ dueDate: "2026-12-04", visitOn: "2026-12-01" });
        expect((await actOnBomb(svc, onTime.id, who(P.nacho, now + HOUR), accept)).ok).toBe(true);
        // A department the org no longer has (the store keeps whatever bomb it is given).
        await store.reportBomb(
          null,
          (id) => {
            const bomb = pendingBomb(now, id);
            const gone = {
              ...bomb,
              departmentId: "almacen",
              assignment: { ...bomb.assignment, departmentId: "almacen" },
            };
            return { write: { bomb: gone, events: [], messages: [] }, result: id };
          },
          { via: "cli", recordedAt: now },
        );

        const byId = <T extends { id: number }>(list: T[]) => [...list].sort((a, b) => a.id - b.id);
        const whole = await store.bombsInStates(digestStates);
        const rows = await store.digestRows();
        expect(byId(rows)).toEqual(byId(whole).map((b) => digestRowSchema.parse(b)));
        const at = now + 2 * HOUR;
        const digest = digestOf(rows, ORG, CALENDAR, at);
        expect(digest).toEqual(digestOf(whole, ORG, CALENDAR, at));

        // What the set holds, so that the comparison above covers every field.
        const ids = rows.map((r) => r.id);
        expect(ids).toHaveLength(8);
        expect(ids).not.toContain(resolved.id);
        expect(ids).not.toContain(triage.bomb.id);
        const row = (id: number): DigestRow | undefined => rows.find((r) => r.id === id);
        expect(row(oddOne.bomb.id)?.customer).toBe(odd);
        expect(row(forwarded.id)?.forwards).toBe(1);
        expect(row(climbs.id)?.assignment.passedThrough.length).toBeGreaterThan(0);
        const overdue = row(late.id);
        expect(
          overdue?.state === "accepted" && overdue.commitment.overdueReached.length,
        ).toBeGreaterThan(0);
        expect(digest.departments.map((d) => [d.id, d.name])).toEqual([
          ["logistica", "Logística"],
          ["comercial", "Comercial"],
          ["almacen", "almacen"],
        ]);
        expect(digest.overdue).toBeGreaterThan(0);
        expect(digest.overdue).toBeLessThan(digest.total);
      });

      it("earliestDueAt is null with nothing open", async () => {
        await fresh();
        expect(await store.earliestDueAt()).toBeNull();
      });

      it("quarterData: the bombs of a quarter with their timelines up to its end", async () => {
        await fresh();
        const bomb = await open(svc);
        const quarter = quarterAt(MONDAY_10, ZONE);
        const data = await store.quarterData(quarter);
        expect(data.bombs).toEqual([bomb]);
        expect(data.events.length).toBe((await store.loadTimeline(bomb.id)).length);
        expect(data.events[0]).toMatchObject({ bombId: bomb.id, at: MONDAY_10 });
        expect(typeof data.events[0]?.data).toBe("object");
        const before = await store.quarterData(quarterAt(MONDAY_10 - 200 * DAY, ZONE));
        expect(before).toEqual({ bombs: [], events: [] });
      });

      it("keeps text exactly as written, whatever characters it holds", async () => {
        await fresh();
        const odd = 'Entregas "tarde" \\ \u0000 \u00f1 \ud83d\udca3 {"a":1}';
        const result = await reportBomb(
          svc,
          { person: P.ana, now: MONDAY_10, via: "slack" },
          complaint({ departmentId: "logistica", complaint: odd }),
        );
        if (!result.ok) throw new Error("not opened");
        expect((await store.loadBomb(result.bomb.id))?.complaint).toBe(odd);
      });
    });

    describe("jobs", () => {
      const claim = (now: number, inUseBefore: number | null = null) => ({
        job: "digest",
        period: "2026-11-16",
        now,
        inUseBefore,
        messages: [
          {
            dedupeKey: "digest:2026-11-16:1",
            recipient: "#fidelizacion",
            kind: "digest",
            params: { part: 1 },
            nextAttemptAt: now,
          },
        ],
        detail: "1 part",
      });

      it("a job is claimed once per period with its messages", async () => {
        await fresh();
        expect(await store.jobClaimed("digest", "2026-11-16")).toBe(false);
        expect(await store.claimJob(claim(MONDAY_10))).toBe(true);
        expect(await store.jobClaimed("digest", "2026-11-16")).toBe(true);
        expect(await store.messageLanding("digest:2026-11-16:1")).toEqual({
          status: "pending",
          at: null,
        });
        expect(await store.claimJob(claim(MONDAY_10 + 1))).toBe(false);
      });

      it("two stores claiming at once: one gets it", async () => {
        await fresh();
        const second = await another();
        const claims = await Promise.all(
          [store, second, store, second].map((s) => s.claimJob(claim(MONDAY_10))),
        );
        expect(claims.filter(Boolean)).toHaveLength(1);
      });

      it("a period from before the bot was at work is not owed", async () => {
        await fresh();
        expect(await store.inUseBefore(MONDAY_10)).toBe(false);
        expect(await store.claimJob(claim(MONDAY_10, MONDAY_10))).toBe(false);
        expect(await store.jobClaimed("digest", "2026-11-16")).toBe(false);
        await open(svc, MONDAY_10 - HOUR);
        expect(await store.inUseBefore(MONDAY_10 - HOUR)).toBe(false);
        expect(await store.inUseBefore(MONDAY_10)).toBe(true);
        expect(await store.claimJob(claim(MONDAY_10, MONDAY_10))).toBe(true);
      });
    });

    describe("the outbox", () => {
      /** A bomb opened at 10:00 with its first message to Nacho due at once. */
      async function opened(): Promise<{ bomb: Bomb; row: OutboxRow }> {
        const bomb = await open(svc);
        const row = (await dueOf(store, bomb.id, MONDAY_10))[0];
        if (row === undefined) throw new Error("no message due");
        return { bomb, row };
      }

      it("rows come oldest first; a bomb's later message waits behind an earlier one put off", async () => {
        await fresh();
        const { bomb, row } = await opened();
        const rows = await store.deliverableRows(MONDAY_10, 1000);
        expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((a, b) => a - b));
        expect(await store.nextOutboxAttemptAt()).toBe(MONDAY_10);
        // A second transition queues a later message for the same bomb.
        const who = { person: P.nacho, now: MONDAY_10 + HOUR, via: "slack" as const };
        expect((await actOnBomb(svc, bomb.id, who, cmd.accept())).ok).toBe(true);
        const later = MONDAY_10 + HOUR;
        expect((await dueOf(store, bomb.id, later)).length).toBeGreaterThan(1);
        await store.postponeRow(row, later + DAY);
        expect(await dueOf(store, bomb.id, later)).toEqual([]);
        const refreshes = (await store.deliverableRows(later, 1000)).filter(
          (r) => r.bombId === bomb.id && r.kind === refreshKind,
        );
        expect(refreshes.length).toBeGreaterThan(0);
        expect((await dueOf(store, bomb.id, later + DAY))[0]?.id).toBe(row.id);
      });

      it("a row is taken once; a taken row is not due until its lease ends", async () => {
        await fresh();
        const { row } = await opened();
        const lease = MONDAY_10 + 60_000;
        expect(await store.claimRow(row, lease, MONDAY_10)).toBe(true);
        expect(await store.claimRow(row, lease, MONDAY_10)).toBe(false);
        expect((await store.deliverableRows(MONDAY_10, 1000)).map((r) => r.id)).not.toContain(
          row.id,
        );
        const again = (await store.deliverableRows(lease, 1000)).find((r) => r.id === row.id);
        expect(again).toMatchObject({ inFlightSince: MONDAY_10, nextAttemptAt: lease });
        expect(again !== undefined && outcomeUnknown(again)).toBe(true);
      });

      it("a bomb's later message is not taken while an earlier one is pending, whoever has it", async () => {
        await fresh();
        const { bomb } = await opened();
        const later = MONDAY_10 + HOUR;
        const who = { person: P.nacho, now: later, via: "slack" as const };
        expect((await actOnBomb(svc, bomb.id, who, cmd.accept())).ok).toBe(true);
        // Both instances read the same list; this one takes the first message.
        const [first, second] = await dueOf(store, bomb.id, later);
        if (first === undefined || second === undefined) throw new Error("two messages due");
        const other = await another();
        expect(await store.claimRow(first, later + 60_000, later)).toBe(true);
        // The other may not send the second before the first is through.
        expect(await other.claimRow(second, later + 60_000, later)).toBe(false);
        // Refreshes hold nobody back and wait for nobody.
        const refresh = (await store.deliverableRows(later, 1000)).find(
          (r) => r.bombId === bomb.id && r.kind === refreshKind,
        );
        if (refresh === undefined) throw new Error("no refresh due");
        expect(await other.claimRow(refresh, later + 60_000, later)).toBe(true);
        await store.markSent(
          first,
          later + 1,
          [{ conversation: "D0NACHO", ref: "1.0001", part: 1 }],
          "slack",
        );
        const next = (await dueOf(other, bomb.id, later + 2))[0];
        expect(next?.id).toBe(second.id);
        if (next === undefined) throw new Error("not due");
        expect(await other.claimRow(next, later + 60_000, later + 2)).toBe(true);
      });

      it("two stores taking the same rows at once: each row goes to one", async () => {
        await fresh();
        for (let i = 0; i < 4; i++) await open(svc, MONDAY_10);
        const second = await another();
        const rows = await store.deliverableRows(MONDAY_10, 1000);
        const taken = await Promise.all(
          rows.flatMap((r) =>
            [store, second].map((s) => s.claimRow(r, MONDAY_10 + 60_000, MONDAY_10)),
          ),
        );
        expect(taken.filter(Boolean)).toHaveLength(rows.length);
      });

      it("sent: where it landed is remembered", async () => {
        await fresh();
        const { bomb, row } = await opened();
        expect(await store.claimRow(row, MONDAY_10 + 60_000, MONDAY_10)).toBe(true);
        await store.markSent(
          row,
          MONDAY_10 + 1,
          [{ conversation: "D0NACHO", ref: "1.0001", part: 1 }],
          "slack",
        );
        expect(await store.messageLanding(row.dedupeKey)).toEqual({
          status: "sent",
          at: { conversation: "D0NACHO", ref: "1.0001", part: 1 },
        });
        const landed = await store.landedMessages(bomb.id);
        expect(landed).toEqual([
          {
            id: expect.any(Number),
            conversation: "D0NACHO",
            ref: "1.0001",
            part: 1,
            recipient: row.recipient,
            kind: row.kind,
            params: row.params,
          },
        ]);
        expect(await store.channelLandedFor(row.recipient)).toBe("D0NACHO");
        expect(await store.channelLandedFor(UNKNOWN)).toBeNull();
        expect(await store.messageLanding("no-such-key")).toBeNull();
        // A message the platform could not edit and sent anew: the new one is kept instead.
        await store.relandMessage(landed[0]?.id ?? 0, [
          { conversation: "a:19conv", ref: "act-2", part: 1 },
          { conversation: "a:19conv", ref: "act-3", part: 2 },
        ]);
        expect(
          (await store.landedMessages(bomb.id)).map((l) => [l.conversation, l.ref, l.part, l.kind]),
        ).toEqual([
          ["a:19conv", "act-2", 1, row.kind],
          ["a:19conv", "act-3", 2, row.kind],
        ]);
      });

      it("a retry keeps the in-flight mark only when the outcome is unknown", async () => {
        await fresh();
        const { row } = await opened();
        expect(await store.claimRow(row, MONDAY_10 + 60_000, MONDAY_10)).toBe(true);
        await store.markRetry(row, MONDAY_10 + HOUR, "timeout", true);
        const unknown = (await store.deliverableRows(MONDAY_10 + HOUR, 1000)).find(
          (r) => r.id === row.id,
        );
        expect(unknown).toMatchObject({
          attempts: 1,
          lastError: "timeout",
          inFlightSince: MONDAY_10,
        });
        if (unknown === undefined) throw new Error("not due");
        expect(await store.claimRow(unknown, MONDAY_10 + 2 * HOUR, MONDAY_10 + HOUR)).toBe(true);
        await store.markRetry(unknown, MONDAY_10 + 3 * HOUR, "rate_limited", false);
        const known = (await store.deliverableRows(MONDAY_10 + 3 * HOUR, 1000)).find(
          (r) => r.id === row.id,
        );
        expect(known).toMatchObject({ attempts: 2, inFlightSince: null });
      });

      it("failed: written on the bomb's timeline, the alerts queued with it", async () => {
        await fresh();
        const { bomb, row } = await opened();
        const alert = {
          dedupeKey: `alert:${row.id}`,
          bombId: bomb.id,
          version: bomb.version,
          recipient: P.ana,
          kind: "delivery_failed",
          params: { to: row.recipient },
          nextAttemptAt: MONDAY_10,
        };
        await store.markFailed(row, MONDAY_10 + 1, "channel_not_found", [alert]);
        expect((await store.messageLanding(row.dedupeKey))?.status).toBe("failed");
        expect((await store.messageLanding(alert.dedupeKey))?.status).toBe("pending");
        const failed = (await store.loadTimeline(bomb.id)).filter(
          (e) => e.kind === "delivery_failed",
        );
        expect(failed).toEqual([
          expect.objectContaining({
            version: row.version,
            at: MONDAY_10 + 1,
            data: { to: row.recipient, kind: row.kind, error: "channel_not_found" },
          }),
        ]);
      });

      it("dropped: noted under the bomb's version as it stands", async () => {
        await fresh();
        const { bomb, row } = await opened();
        const who = { person: P.nacho, now: MONDAY_10 + HOUR, via: "slack" as const };
        const accepted = await actOnBomb(svc, bomb.id, who, cmd.accept());
        if (!accepted.ok) throw new Error("not accepted");
        await store.markDropped(row, MONDAY_10 + 2 * HOUR, { why: "accepted" });
        expect((await store.messageLanding(row.dedupeKey))?.status).toBe("dropped");
        const dropped = (await store.loadTimeline(bomb.id)).filter(
          (e) => e.kind === "message_dropped",
        );
        expect(dropped).toEqual([
          expect.objectContaining({ version: accepted.bomb.version, data: { why: "accepted" } }),
        ]);
      });
    });

    describe("health, backup, close", () => {
      it("answers while open and not after close", async () => {
        await fresh(false);
        expect(await store.healthy()).toBe(true);
        await store.close();
        expect(await store.healthy()).toBe(false);
      });

      it(
        backend.name === "sqlite"
          ? "backup copies the database to a file"
          : "backup refuses: PostgreSQL is backed up with pg_dump",
        async () => {
          await fresh(false);
          const dir = tempDir("bomba-contract-backup-");
          const target = join(dir.path, "copy.db");
          try {
            if (backend.name === "sqlite") {
              expect((await store.backup(target)).totalPages).toBeGreaterThan(0);
              expect(existsSync(target)).toBe(true);
            } else {
              await expect(store.backup(target)).rejects.toThrow(/pg_dump/);
              expect(existsSync(target)).toBe(false);
            }
          } finally {
            dir.remove();
          }
        },
      );
    });
  });
}
