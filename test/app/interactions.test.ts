/**
 * The interactions as use cases, with no chat platform at all: a person id in, neutral data out,
 * the store underneath (SQLite, and PostgreSQL when BOMBA_TEST_PG is set). What a Slack or Teams
 * listener would only render is asserted here as data: forms with their defaults and limits,
 * refusals with the bomb as it stands, lists with their titles, held versus owned.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { actOnBomb, reportBomb } from "../../src/app/bomb-actions.ts";
import {
  type InteractionDeps,
  type Interactions,
  interactions,
  unreadableBomb,
} from "../../src/app/interactions.ts";
import type { Services } from "../../src/app/services.ts";
import { actions, views } from "../../src/chat/ids.ts";
import type { FormField, FormSpec } from "../../src/chat/views/forms.ts";
import type { ViewContext } from "../../src/chat/views/view-context.ts";
import type { Bomb } from "../../src/core/bomb.ts";
import { latestDueDate } from "../../src/core/checks.ts";
import { maxTextLength } from "../../src/core/errors.ts";
import { displayName, type PersonId } from "../../src/core/org.ts";
import { catalog } from "../../src/i18n/catalog.ts";
import type { Store } from "../../src/store/store.ts";
import { CALENDAR, cmd, complaint, MONDAY_10, ORG, P } from "../fixtures/org-chart.ts";
import { type Backend, contractBackends } from "../fixtures/store-backends.ts";

const es = catalog("es");
const NOW = MONDAY_10;
/** Someone the platform knows and the org file does not. */
const STRANGER = "memory:U-stranger";

/** A platform-free view context: names for people, commands typed as "!bomba …". */
function plainViewContext(now: number, reachable: (p: PersonId) => boolean): ViewContext {
  return {
    org: ORG,
    calendar: CALENDAR,
    now,
    markup: {
      escape: (t) => t,
      bold: (t) => t,
      italic: (t) => t,
      code: (t) => t,
      person: (p) => displayName(ORG, p),
      userText: (raw) => raw,
    },
    surface: { name: "Chat", command: (w) => (w === "" ? "!bomba" : `!bomba ${w}`) },
    reachable,
  };
}

/** The use cases over `store`, with what they note for operators and a clock that can move. */
function setUp(store: Store, options: { listRoom?: number; reachable?: PersonId[] } = {}) {
  const svc: Services = { store, org: ORG, calendar: CALENDAR };
  const warnings: string[] = [];
  const clock = { now: NOW };
  const reachable = options.reachable;
  const deps: InteractionDeps = {
    svc,
    now: () => clock.now,
    via: "slack",
    viewContext: (now) =>
      plainViewContext(now, (p) => reachable === undefined || reachable.includes(p)),
    listRoom: options.listRoom ?? 49,
    warn: (line) => warnings.push(line),
  };
  return { svc, use: interactions(deps), warnings, clock };
}

const as = (person: PersonId, now = NOW) => ({ person, now, via: "slack" as const });

async function opened(svc: Services, departmentId = "logistica", customer?: string) {
  const r = await reportBomb(
    svc,
    as(P.ana),
    complaint({ departmentId, ...(customer ? { customer } : {}) }),
  );
  if (!r.ok) throw new Error(r.reason);
  return r.bomb;
}

async function triaged(svc: Services): Promise<Bomb> {
  const r = await reportBomb(svc, as(P.jorge), complaint({ customer: "Hoteles Sur" }));
  if (!r.ok) throw new Error(r.reason);
  return r.bomb;
}

async function must(result: Promise<{ ok: true; bomb: Bomb } | { ok: false; reason: string }>) {
  const r = await result;
  if (!r.ok) throw new Error(r.reason);
  return r.bomb;
}

function fieldsOf(form: FormSpec): Record<string, FormField> {
  const out: Record<string, FormField> = {};
  for (const block of form.blocks) if (block.type === "field") out[block.field.name] = block.field;
  return out;
}

for (const backend of contractBackends()) {
  describe(`interactions as use cases on ${backend.name}`, () => {
    const stores: Store[] = [];
    let store: Store;
    let env: ReturnType<typeof setUp>;
    let use: Interactions;

    beforeAll(() => backend.setUp());
    afterAll(async () => {
      for (const s of stores) await s.close();
      await backend.tearDown();
    });
    beforeEach(async () => {
      store = (await (backend as Backend).fresh()).store;
      stores.push(store);
      env = setUp(store);
      use = env.use;
    });

    describe("pressButton", () => {
      it("a button on a bomb that does not exist, or whose value is not a number, is a refusal", async () => {
        expect(await use.pressButton(P.nacho, actions.accept, "99")).toEqual({
          kind: "refusal",
          sentence: "No existe la bomba #99.",
          bomb: null,
        });
        expect(await use.pressButton(P.nacho, actions.accept, "0x1")).toEqual({
          kind: "refusal",
          sentence: "No existe la bomba #0x1.",
          bomb: null,
        });
        expect(await use.pressButton(P.nacho, actions.accept, undefined)).toMatchObject({
          sentence: "No existe la bomba #?.",
        });
      });

      it("a foreign button shows the bomb as it now is, is noted, and changes nothing", async () => {
        const bomb = await opened(env.svc);
        const result = await use.pressButton(STRANGER, actions.accept, String(bomb.id));
        expect(result).toEqual({ kind: "refusal", sentence: null, bomb });
        expect(env.warnings).toEqual([
          `refused bomba_accept on bomb #${bomb.id} by ${STRANGER} (state pending)`,
        ]);
        expect(await store.loadBomb(bomb.id)).toEqual(bomb);
      });

      it("a stale button (the bomb moved on) is refused from the bomb's state, not the message's", async () => {
        const bomb = await opened(env.svc);
        await must(actOnBomb(env.svc, bomb.id, as(P.nacho), cmd.accept()));
        const result = await use.pressButton(P.nacho, actions.forward, bomb.id);
        expect(result.kind).toBe("refusal");
        if (result.kind === "refusal") expect(result.bomb?.state).toBe("accepted");
      });

      it("the holder's accept gives the accept form, defaults and limits set", async () => {
        const bomb = await opened(env.svc);
        const result = await use.pressButton(P.nacho, actions.accept, String(bomb.id));
        if (result.kind !== "form") throw new Error(result.kind);
        expect(result.form).toMatchObject({ id: views.accept, bombId: bomb.id });
        const fields = fieldsOf(result.form);
        expect(Object.keys(fields)).toEqual(["severity", "due", "visit_by", "visit_on", "plan"]);
        const ctx = { now: NOW, org: ORG, calendar: CALENDAR, actor: P.nacho };
        expect(fields.severity).toMatchObject({ kind: "radio", initial: "minor" });
        expect(fields.due).toMatchObject({ kind: "date", initial: latestDueDate("minor", ctx) });
        expect(fields.plan).toMatchObject({ kind: "text", maxLength: maxTextLength });
      });

      it("a loyalty manager's dismiss acts at once: done, and the store has it dismissed", async () => {
        const bomb = await triaged(env.svc);
        const result = await use.pressButton(P.ana, actions.triageDismiss, String(bomb.id));
        expect(result.kind).toBe("done");
        expect((await store.loadBomb(bomb.id))?.state).toBe("dismissed");
        // A second click: the bomb has moved on, so the same button is a refusal now.
        const again = await use.pressButton(P.ana, actions.triageDismiss, String(bomb.id));
        expect(again).toMatchObject({ kind: "refusal", sentence: null });
      });

      it("activate gives the report form filled from the triage bomb, with the department", async () => {
        const bomb = await triaged(env.svc);
        const result = await use.pressButton(P.ana, actions.triageActivate, String(bomb.id));
        if (result.kind !== "form") throw new Error(result.kind);
        expect(result.form).toMatchObject({ id: views.open, name: "activate", bombId: bomb.id });
        const fields = fieldsOf(result.form);
        expect(fields.customer).toMatchObject({ initial: "Hoteles Sur" });
        expect(fields.department?.kind).toBe("select");
      });

      it("reopen's date defaults to the latest the bomb's own severity allows (major stays major)", async () => {
        const bomb = await opened(env.svc);
        const major = { severity: "major" as const, dueDate: "2026-12-09", visitOn: "2026-11-20" };
        await must(actOnBomb(env.svc, bomb.id, as(P.nacho), cmd.accept(major)));
        await must(actOnBomb(env.svc, bomb.id, as(P.nacho), cmd.resolve()));
        const result = await use.pressButton(P.ana, actions.reopen, String(bomb.id));
        if (result.kind !== "form") throw new Error(result.kind);
        const ctx = { now: NOW, org: ORG, calendar: CALENDAR, actor: P.ana };
        expect(latestDueDate("major", ctx)).not.toBe(latestDueDate("minor", ctx));
        expect(fieldsOf(result.form).due).toMatchObject({ initial: latestDueDate("major", ctx) });
      });

      it("the forward form offers only people the platform can reach; nobody, no submit", async () => {
        const bomb = await opened(env.svc);
        const reach = setUp(store, { reachable: [P.sergio] });
        const result = await reach.use.pressButton(P.nacho, actions.forward, String(bomb.id));
        if (result.kind !== "form") throw new Error(result.kind);
        const target = fieldsOf(result.form).target;
        if (target?.kind !== "select") throw new Error("no target select");
        expect(target.groups.flatMap((g) => g.options.map((o) => o.value))).toEqual([P.sergio]);
        const none = setUp(store, { reachable: [] });
        const empty = await none.use.pressButton(P.nacho, actions.forward, String(bomb.id));
        expect(empty).toMatchObject({ kind: "form", form: { submit: null } });
      });
    });

    describe("submitForm", () => {
      const report = {
        customer: "Distribuciones Norte S.A.",
        contact: null,
        complaint: "Llegó tarde.",
        source: "survey",
      };

      it("a new report is filed once however often the same submission arrives", async () => {
        const first = await use.submitForm(P.jorge, views.open, null, report, "view:V1");
        const again = await use.submitForm(P.jorge, views.open, null, report, "view:V1");
        if (first.kind !== "done" || again.kind !== "done") throw new Error("not done");
        expect(again.bomb.id).toBe(first.bomb.id);
        expect(first.bomb.state).toBe("triage");
        expect(await store.countOpenBombs({ all: true })).toBe(1);
      });

      it("a loyalty manager's report with a department opens the bomb at once", async () => {
        const values = { ...report, department: "comercial" };
        const result = await use.submitForm(P.ana, views.open, null, values, "view:V2");
        expect(result).toMatchObject({ kind: "done", bomb: { state: "pending" } });
        if (result.kind === "done") {
          expect((await store.loadBomb(result.bomb.id))?.departmentId).toBe("comercial");
        }
      });

      it("empty and garbled inputs are sentences under them, and nothing is filed", async () => {
        const values = { customer: "  ", complaint: "x".repeat(maxTextLength + 1), source: "fax" };
        expect(await use.submitForm(P.jorge, views.open, null, values, "view:V3")).toEqual({
          kind: "errors",
          errors: {
            customer: es.reasons.field_required({}),
            complaint: es.reasons.field_too_long({
              length: maxTextLength + 1,
              max: maxTextLength,
            }),
            source: es.chat.errors.badChoice,
          },
        });
        expect(await store.countOpenBombs({ all: true })).toBe(0);
      });

      it("a core rejection that names a field lands under that input", async () => {
        const bomb = await opened(env.svc);
        const values = {
          severity: "minor",
          due: "2027-06-30",
          visit_by: P.nacho,
          visit_on: "2026-11-20",
          plan: "Plan",
        };
        const result = await use.submitForm(P.nacho, views.accept, bomb.id, values, "view:V4");
        expect(result.kind).toBe("errors");
        if (result.kind === "errors") {
          expect(Object.keys(result.errors)).toEqual(["due"]);
          expect(result.errors.due).toContain("La fecha máxima para un asunto leve");
        }
        expect((await store.loadBomb(bomb.id))?.state).toBe("pending");
      });

      it("an accept by the holder is done; the same by someone else is refused, noted, with the bomb", async () => {
        const bomb = await opened(env.svc);
        const values = {
          severity: "minor",
          due: "2026-11-24",
          visit_by: STRANGER,
          visit_on: "2026-11-20",
          plan: "Plan",
        };
        const refused = await use.submitForm(P.pedro, views.accept, bomb.id, values, "view:V5");
        expect(refused).toMatchObject({
          kind: "refusal",
          sentence: es.reasons.only_holder({}),
          bomb: { id: bomb.id, state: "pending" },
        });
        expect(env.warnings).toEqual([
          `refused bomba_accept submission on bomb #${bomb.id} by ${P.pedro} (only_holder)`,
        ]);
        const done = await use.submitForm(P.nacho, views.accept, bomb.id, values, "view:V6");
        // Someone outside the org file may visit: kept as their platform id.
        expect(done).toMatchObject({ kind: "done", bomb: { state: "accepted" } });
        if (done.kind === "done" && done.bomb.state === "accepted") {
          expect(done.bomb.commitment.visitBy).toBe(STRANGER);
        }
      });

      it("a forward to someone outside the org file is an error under the target", async () => {
        const bomb = await opened(env.svc);
        const values = { target: STRANGER, note: "Para ventas." };
        expect(await use.submitForm(P.nacho, views.forward, bomb.id, values, "v")).toEqual({
          kind: "errors",
          errors: { target: es.chat.errors.unknownTarget },
        });
      });

      it("a form about a bomb that names none we can read is refused, never taken as done", async () => {
        const bomb = await opened(env.svc);
        const notFound = "No existe la bomba #?.";
        for (const id of [null, unreadableBomb] as const) {
          const result = await use.submitForm(P.nacho, views.defuse, id, { reason: "x" }, "v");
          expect(result).toEqual({ kind: "refusal", sentence: notFound, bomb: null });
        }
        // An activation whose bomb cannot be read files nothing, once its inputs are right.
        const garbled = await use.submitForm(P.ana, views.open, unreadableBomb, report, "v");
        expect(garbled).toEqual({ kind: "refusal", sentence: notFound, bomb: null });
        expect(await store.countOpenBombs({ all: true })).toBe(1);
        expect((await store.loadBomb(bomb.id))?.state).toBe("pending");
      });

      it("activating a triage bomb through the report form opens it", async () => {
        const bomb = await triaged(env.svc);
        const values = { ...report, department: "logistica" };
        const result = await use.submitForm(P.ana, views.open, bomb.id, values, "v");
        expect(result).toMatchObject({ kind: "done", bomb: { id: bomb.id, state: "pending" } });
        expect(await store.countOpenBombs({ all: true })).toBe(1);
      });
    });

    describe("runCommand", () => {
      it("no words: the report form; the department only for a loyalty manager", async () => {
        const manager = await use.runCommand(P.ana, "");
        const member = await use.runCommand(P.jorge, "  ");
        if (manager.kind !== "form" || member.kind !== "form") throw new Error("no form");
        expect(fieldsOf(manager.form).department).toBeDefined();
        expect(fieldsOf(member.form).department).toBeUndefined();
        expect(member.form.blocks[0]).toEqual({ type: "note", text: es.chat.forms.hints.report });
      });

      it("help, and words it does not understand as help with the problem in the surface's words", async () => {
        expect(await use.runCommand(P.jorge, "ayuda")).toEqual({ kind: "help", problem: null });
        expect(await use.runCommand(P.jorge, "bailar")).toEqual({
          kind: "help",
          problem: "No conozco «bailar». Prueba !bomba ayuda.",
        });
      });

      it("someone not in charge asking for every bomb gets their own, titled as theirs", async () => {
        await opened(env.svc, "logistica");
        await opened(env.svc, "comercial");
        const list = await use.runCommand(P.nacho, "list all");
        expect(list).toMatchObject({ kind: "list", title: es.chat.listMine, total: 1 });
        if (list.kind === "list")
          expect(list.bombs.map((b) => b.departmentId)).toEqual(["logistica"]);
      });

      it("those in charge list all, or one department under its name", async () => {
        await opened(env.svc, "logistica");
        await opened(env.svc, "comercial");
        expect(await use.runCommand(P.luis, "lista todas")).toMatchObject({
          title: es.chat.listAll,
          total: 2,
        });
        const one = await use.runCommand(P.ceo, "list comercial");
        expect(one).toMatchObject({ kind: "list", title: "Comercial", total: 1 });
        // A department the org does not have: its id as the title, and nothing in it.
        expect(await use.runCommand(P.ana, "list marketing")).toMatchObject({
          title: "marketing",
          total: 0,
          bombs: [],
        });
      });

      it("a long list reads only what the adapter can show, and counts the rest", async () => {
        const small = setUp(store, { listRoom: 2 });
        for (const name of ["A", "B", "C"]) await opened(env.svc, "logistica", name);
        const list = await small.use.runCommand(P.ana, "list all");
        expect(list).toMatchObject({ kind: "list", total: 3 });
        if (list.kind === "list") expect(list.bombs).toHaveLength(2);
      });

      it("show: the bomb and its timeline for whoever may see it, not found for anyone else", async () => {
        const bomb = await opened(env.svc);
        const detail = await use.runCommand(P.nacho, `ver #${bomb.id}`);
        expect(detail).toMatchObject({ kind: "detail", bomb: { id: bomb.id }, viewer: P.nacho });
        if (detail.kind === "detail") expect(detail.timeline.length).toBeGreaterThan(0);
        expect(await use.runCommand(P.pedro, `show ${bomb.id}`)).toEqual({
          kind: "refusal",
          sentence: `No existe la bomba #${bomb.id}.`,
          bomb: null,
        });
        expect(await use.runCommand(P.ana, "show 404")).toMatchObject({
          sentence: "No existe la bomba #404.",
        });
      });

      it("the digest and the report are for those in charge, and are slow work", async () => {
        const refused = await use.runCommand(P.jorge, "digest");
        expect(refused).toEqual({
          kind: "refusal",
          sentence: es.chat.onlyInCharge((w) => `!bomba ${w}`),
          bomb: null,
        });
        await opened(env.svc);
        const digest = await use.runCommand(P.ana, "resumen");
        if (digest.kind !== "slow") throw new Error(digest.kind);
        expect(digest).toMatchObject({ subject: "digest", failed: es.chat.workFailed.digest });
        expect(digest.working).toBe(es.chat.working.digest({ quarter: "2026-Q3" }));
        const answer = await digest.run();
        expect(answer.type).toBe("digest");
        const report = await use.runCommand(P.ceo, "informe 2026-q4");
        if (report.kind !== "slow") throw new Error(report.kind);
        expect(report.working).toBe(es.chat.working.report({ quarter: "2026-Q4" }));
        const made = await report.run();
        if (made.type !== "report") throw new Error(made.type);
        expect(made.report.quarter.id).toBe("2026-Q4");
      });
    });

    describe("openHome", () => {
      it("what a person must answer is held; what they accepted is owned", async () => {
        const held = await opened(env.svc, "logistica", "Held");
        const owned = await opened(env.svc, "logistica", "Owned");
        await must(actOnBomb(env.svc, owned.id, as(P.nacho), cmd.accept()));
        await opened(env.svc, "comercial", "Not Nacho's");
        const home = await use.openHome(P.nacho);
        expect(home.kind).toBe("home");
        expect(home.held.map((b) => b.customer)).toEqual([held.customer]);
        expect(home.owned.map((b) => b.customer)).toEqual(["Owned"]);
        expect(await use.openHome(P.pedro)).toEqual({ kind: "home", held: [], owned: [] });
      });
    });
  });
}
