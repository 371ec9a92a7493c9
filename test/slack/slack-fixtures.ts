/**
 * What the Slack builder tests share: the example org (Spanish, and an English copy), a directory
 * with fake Slack ids, bombs in every state built through the real core, and a checker of Slack's
 * Block Kit limits that walks any payload.
 */
import { readFileSync } from "node:fs";
import { DateTime } from "luxon";
import { type Directory, directoryOf } from "../../src/app/directory.ts";
import type { Bomb, Source } from "../../src/core/bomb.ts";
import type { WorkCalendar } from "../../src/core/calendar.ts";
import { report } from "../../src/core/commands/report.ts";
import type { Org, PersonId } from "../../src/core/org.ts";
import { advance } from "../../src/core/schedule.ts";
import { type Command, decide } from "../../src/core/transitions.ts";
import { parseOrg } from "../../src/org/load-org.ts";
import { calendarFor } from "../../src/org/org-calendar.ts";
import type { BlockContext } from "../../src/slack/blocks/bomb-facts.ts";

/** A local Madrid wall time ("2026-11-23T10:00") as epoch milliseconds. */
export function at(local: string): number {
  const instant = DateTime.fromISO(local, { zone: "Europe/Madrid" });
  if (!instant.isValid) throw new Error(`bad test instant ${local}`);
  return instant.toMillis();
}

/** The suite's reference instant: Monday 23 November 2026, 10:00 in Madrid. */
export const REFERENCE = at("2026-11-23T10:00");

const exampleText = readFileSync(new URL("../../org.example.yaml", import.meta.url), "utf8");

/** Parses org text or fails the test. */
export function orgFrom(text: string): Org {
  const result = parseOrg(text);
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
  return result.org;
}

/** `org.example.yaml`, in Spanish. */
export const org = orgFrom(exampleText);
/** The same org speaking English. */
export const orgEn = orgFrom(exampleText.replace(/^locale: es$/m, "locale: en"));
/** The example org's calendar (Madrid holidays). */
export const calendar: WorkCalendar = calendarFor(org);

/** People of the example org by first name. */
export const P = {
  carlos: "carlos@example.com",
  ana: "ana@example.com",
  paula: "U04QX7J2K9L",
  olga: "olga@example.com",
  irene: "irene@example.com",
  luis: "luis@example.com",
  nacho: "nacho@example.com",
  marcos: "marcos@example.com",
  jorge: "jorge@example.com",
  ricardo: "ricardo@example.com",
  hugo: "hugo@example.com",
  sergio: "sergio@example.com",
  raul: "raul@example.com",
} as const;

/** A fake Slack id per person, "U" + their name upper-cased; Hugo has none (not found in Slack). */
export function slackIdOf(person: PersonId): string {
  return person === P.paula ? P.paula : `U${person.split("@")[0]?.toUpperCase()}`;
}

/** Everyone of `org` except Hugo, with `slackIdOf` ids. */
export const directory: Directory = directoryOf(
  "slack",
  [...org.people.keys()].filter((p) => p !== P.hugo).map((p) => [p, slackIdOf(p)] as const),
);

/** A builder context at `now` (the reference instant by default). */
export function ctxAt(now = REFERENCE, over: Partial<BlockContext> = {}): BlockContext {
  return { org, calendar, directory, now, ...over };
}

/** The org context the core needs, for `who` at `now`. */
function coreCtx(now: number, actor: PersonId | null, o: Org = org) {
  return { now, org: o, calendar, actor };
}

/** Applies a command or fails the test. */
export function act(bomb: Bomb, command: Command, who: PersonId, now: number, o: Org = org): Bomb {
  const decision = decide(bomb, command, coreCtx(now, who, o));
  if (!decision.ok) throw new Error(`${command.type} refused: ${decision.reason}`);
  return decision.bomb;
}

/** Runs the scheduler on a bomb up to `now`. */
export function tick(bomb: Bomb, now: number, o: Org = org): Bomb {
  return advance(bomb, now, { org: o, calendar })?.bomb ?? bomb;
}

const complaint = {
  customer: "Distribuciones Norte S.A.",
  contact: "Marta Vidal, jefa de compras",
  complaint: "Tres entregas seguidas con más de 48 horas de retraso y sin aviso previo.",
  source: "survey" as Source,
};

/** A report by Jorge, waiting for triage. */
export function triageBomb(over: Partial<typeof complaint> = {}, o: Org = org): Bomb {
  const decision = report(
    7,
    { ...complaint, ...over, departmentId: null },
    coreCtx(REFERENCE, P.jorge, o),
  );
  if (!decision.ok) throw new Error(decision.reason);
  return decision.bomb;
}

/** A bomb Ana opened for logistics at the reference instant: Nacho holds it. */
export function pendingBomb(over: Partial<typeof complaint> = {}, o: Org = org): Bomb {
  const decision = report(
    12,
    { ...complaint, ...over, departmentId: "logistica" },
    coreCtx(REFERENCE, P.ana, o),
  );
  if (!decision.ok) throw new Error(decision.reason);
  return decision.bomb;
}

/** Unanswered for one window: Luis holds it, Nacho passed it. */
export function escalatedBomb(): Bomb {
  return tick(pendingBomb(), at("2026-11-26T10:00"));
}

/** Unanswered all the way up: the CEO holds it. */
export function atTopBomb(): Bomb {
  return tick(pendingBomb(), at("2026-12-22T10:00"));
}

/** Nacho forwarded it to Sergio (the sales link) with a note. */
export function forwardedBomb(note = "Es un tema de condiciones comerciales."): Bomb {
  return act(
    pendingBomb(),
    { type: "forward", to: P.sergio, note },
    P.nacho,
    at("2026-11-23T12:00"),
  );
}

/** Forwarded back and forth four times, one past the limit. */
export function overForwardedBomb(): Bomb {
  let bomb = pendingBomb();
  const hops: [PersonId, PersonId][] = [
    [P.nacho, P.sergio],
    [P.sergio, P.nacho],
    [P.nacho, P.sergio],
    [P.sergio, P.nacho],
  ];
  for (const [from, to] of hops) {
    bomb = act(bomb, { type: "forward", to, note: "No es mío." }, from, at("2026-11-23T11:00"));
  }
  return bomb;
}

/** Nacho accepted it as minor, due Wednesday 2 December, Marcos visits on Friday 27. */
export function acceptedBomb(): Bomb {
  return act(
    pendingBomb(),
    {
      type: "accept",
      severity: "minor",
      dueDate: "2026-12-02",
      visitBy: P.marcos,
      visitOn: "2026-11-27",
      plan: "Revisar la ruta y asignar un repartidor fijo.",
    },
    P.nacho,
    at("2026-11-23T12:00"),
  );
}

/** The commitment went unresolved past its date: the climb has reached Luis. */
export function overdueBomb(): Bomb {
  return tick(acceptedBomb(), at("2026-12-03T10:00"));
}

/** Nacho resolved it; waiting for Ana to verify. */
export function resolvedBomb(): Bomb {
  return act(
    acceptedBomb(),
    {
      type: "resolve",
      solution: "Ruta nueva y repartidor fijo desde el lunes.",
      visitedOn: "2026-11-27",
      visitedBy: P.marcos,
    },
    P.nacho,
    at("2026-11-27T17:00"),
  );
}

/** Ana verified it with a satisfied customer. */
export function closedBomb(): Bomb {
  return act(
    resolvedBomb(),
    { type: "verify", satisfaction: "satisfied", note: "Muy contento con la visita." },
    P.ana,
    at("2026-11-30T10:00"),
  );
}

/** Ana reopened it with a new date. */
export function reopenedBomb(): Bomb {
  return act(
    resolvedBomb(),
    { type: "reopen", dueDate: "2026-12-04", note: "El cliente dice que sigue igual." },
    P.ana,
    at("2026-11-30T10:00"),
  );
}

/** Ana defused it while pending. */
export function defusedBomb(): Bomb {
  return act(
    pendingBomb(),
    { type: "defuse", reason: "Era un malentendido." },
    P.ana,
    at("2026-11-24T10:00"),
  );
}

/** Ana dismissed the report. */
export function dismissedBomb(): Bomb {
  return act(
    triageBomb(),
    { type: "dismiss", reason: "No es un cliente VIP." },
    P.ana,
    at("2026-11-23T11:00"),
  );
}

/** Ana moved it from Nacho to Marcos. */
export function reassignedBomb(): Bomb {
  return act(
    pendingBomb(),
    { type: "reassign", to: P.marcos, reason: "Nacho está de baja." },
    P.ana,
    at("2026-11-23T11:00"),
  );
}

// ---------------------------------------------------------------------------------------------
// Slack's limits, checked on any payload.

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Every way a payload breaks Slack's Block Kit limits; empty when it is fine. */
export function limitViolations(payload: unknown, options: { maxBlocks?: number } = {}): string[] {
  const out: string[] = [];
  const fail = (where: string, what: string) => out.push(`${where}: ${what}`);
  if (!isObject(payload)) return ["payload is not an object"];
  const blocks = Array.isArray(payload.blocks) ? payload.blocks : [];
  const maxBlocks =
    options.maxBlocks ?? (payload.type === "modal" || payload.type === "home" ? 100 : 50);
  if (blocks.length > maxBlocks) fail("blocks", `${blocks.length} > ${maxBlocks}`);
  if (payload.type === "modal") {
    for (const key of ["title", "submit", "close"]) {
      const text = isObject(payload[key]) ? String(payload[key].text) : null;
      if (text !== null && text.length > 24) fail(key, `${text.length} > 24`);
    }
    const meta = payload.private_metadata;
    if (typeof meta === "string" && meta.length > 3000) fail("private_metadata", "> 3000");
  }
  if ("text" in payload && typeof payload.text === "string" && payload.text.length === 0) {
    fail("text", "empty fallback");
  }
  blocks.forEach((block, i) => {
    checkBlock(block, `blocks[${i}]`, fail);
  });
  walkTexts(payload, "payload", fail);
  return out;
}

function checkBlock(block: unknown, where: string, fail: (w: string, m: string) => void) {
  if (!isObject(block)) return fail(where, "not an object");
  if (typeof block.block_id === "string" && block.block_id.length > 255)
    fail(where, "block_id > 255");
  const text = (v: unknown) => (isObject(v) && typeof v.text === "string" ? v.text : "");
  switch (block.type) {
    case "section": {
      if (text(block.text).length > 3000) fail(where, `section text ${text(block.text).length}`);
      const fields = Array.isArray(block.fields) ? block.fields : [];
      if (fields.length > 10) fail(where, `${fields.length} fields`);
      for (const f of fields) if (text(f).length > 2000) fail(where, `field ${text(f).length}`);
      if (block.text === undefined && fields.length === 0) fail(where, "section without text");
      break;
    }
    case "header":
      if (text(block.text).length > 150) fail(where, `header ${text(block.text).length}`);
      break;
    case "context": {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length > 10 || elements.length === 0) fail(where, `${elements.length} elements`);
      break;
    }
    case "actions": {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length > 25 || elements.length === 0) fail(where, `${elements.length} elements`);
      elements.forEach((e, i) => {
        checkElement(e, `${where}.elements[${i}]`, fail);
      });
      break;
    }
    case "input":
      if (text(block.label).length > 2000) fail(where, "label > 2000");
      if (block.hint !== undefined && text(block.hint).length > 2000) fail(where, "hint > 2000");
      checkElement(block.element, `${where}.element`, fail);
      break;
    case "divider":
      break;
    default:
      fail(where, `unexpected block type ${String(block.type)}`);
  }
}

function checkElement(element: unknown, where: string, fail: (w: string, m: string) => void) {
  if (!isObject(element)) return fail(where, "not an object");
  const text = (v: unknown) => (isObject(v) && typeof v.text === "string" ? v.text : "");
  if (typeof element.action_id === "string" && element.action_id.length > 255)
    fail(where, "action_id");
  const options = (list: unknown, max: number, label: string) => {
    const items = Array.isArray(list) ? list : [];
    if (items.length > max) fail(where, `${items.length} ${label}`);
    for (const o of items) {
      if (!isObject(o)) continue;
      if (text(o.text).length > 75) fail(where, `option text ${text(o.text).length}`);
      if (typeof o.value === "string" && o.value.length > 75) fail(where, "option value > 75");
    }
  };
  switch (element.type) {
    case "button":
      if (text(element.text).length > 75) fail(where, `button text ${text(element.text).length}`);
      if (typeof element.value === "string" && element.value.length > 2000) fail(where, "value");
      break;
    case "static_select": {
      if (element.options !== undefined && element.option_groups !== undefined) {
        fail(where, "both options and option_groups");
      }
      options(element.options, 100, "options");
      const groups = Array.isArray(element.option_groups) ? element.option_groups : [];
      if (groups.length > 100) fail(where, `${groups.length} groups`);
      for (const g of groups) {
        if (!isObject(g)) continue;
        if (text(g.label).length > 75) fail(where, "group label > 75");
        options(g.options, 100, "options in a group");
        if (!Array.isArray(g.options) || g.options.length === 0) fail(where, "empty group");
      }
      if (element.options === undefined && groups.length === 0)
        fail(where, "select without options");
      break;
    }
    case "radio_buttons":
      options(element.options, 10, "radio options");
      break;
    case "plain_text_input": {
      const max = typeof element.max_length === "number" ? element.max_length : 3000;
      if (max > 3000) fail(where, "max_length > 3000");
      const initial = element.initial_value;
      if (typeof initial === "string" && initial.length > max) fail(where, "initial_value > max");
      break;
    }
    case "datepicker":
      if (
        element.initial_date !== undefined &&
        !/^\d{4}-\d{2}-\d{2}$/.test(String(element.initial_date))
      ) {
        fail(where, "initial_date");
      }
      break;
    case "users_select":
      break;
    default:
      fail(where, `unexpected element ${String(element.type)}`);
  }
}

/** Every text object anywhere: non-empty and at most 3,000 characters. */
function walkTexts(value: unknown, where: string, fail: (w: string, m: string) => void): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      walkTexts(v, `${where}[${i}]`, fail);
    });
    return;
  }
  if (!isObject(value)) return;
  if ((value.type === "plain_text" || value.type === "mrkdwn") && "text" in value) {
    const text = String(value.text);
    if (text.trim().length === 0) fail(where, "empty text");
    if (text.length > 3000) fail(where, `text ${text.length} > 3000`);
  }
  for (const [key, v] of Object.entries(value)) walkTexts(v, `${where}.${key}`, fail);
}

/** The action ids of every button in a list of blocks, in order. */
export function buttonIds(blocks: readonly unknown[]): string[] {
  const ids: string[] = [];
  for (const block of blocks) {
    if (!isObject(block) || block.type !== "actions" || !Array.isArray(block.elements)) continue;
    for (const e of block.elements)
      if (isObject(e) && typeof e.action_id === "string") ids.push(e.action_id);
  }
  return ids;
}

/** Every button's value in a list of blocks. */
export function buttonValues(blocks: readonly unknown[]): string[] {
  const values: string[] = [];
  for (const block of blocks) {
    if (!isObject(block) || block.type !== "actions" || !Array.isArray(block.elements)) continue;
    for (const e of block.elements) if (isObject(e)) values.push(String(e.value));
  }
  return values;
}

/** All the text of a payload joined, to look for words in it. */
export function allText(payload: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v)) {
      if ((v.type === "plain_text" || v.type === "mrkdwn") && typeof v.text === "string")
        out.push(v.text);
      Object.values(v).forEach(walk);
    }
  };
  walk(payload);
  return out.join("\n");
}
