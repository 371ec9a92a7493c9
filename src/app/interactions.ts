/**
 * What people do in a chat, as use cases every adapter shares: press a button on a bomb, submit
 * a form, type a command, open their home. A person id goes in (the adapter maps its own user ids
 * through the addresses), a neutral result comes out for the adapter to render: a form to show,
 * done, errors under inputs, a refusal with the bomb as it now is, a list, a detail, help, home,
 * or slow work (digest, report) to answer after the adapter's acknowledgement.
 *
 * Who may do and see what is decided here and in the core, once: the adapter only parses its
 * payload and renders what comes back.
 */
import { parseCommandText } from "../chat/command-text.ts";
import { type ActionId, actions, type FormId, views } from "../chat/ids.ts";
import {
  type FormValues,
  parseCommandValues,
  parseOpenValues,
  rejectionToErrors,
} from "../chat/submission.ts";
import { reasonText } from "../chat/views/bomb-facts.ts";
import type { TimelineRow } from "../chat/views/bomb-lists.ts";
import {
  acceptForm,
  defuseForm,
  type FormSpec,
  forwardForm,
  openForm,
  reopenForm,
  resolveForm,
  verifyForm,
} from "../chat/views/forms.ts";
import type { ViewContext } from "../chat/views/view-context.ts";
import type { Bomb } from "../core/bomb.ts";
import { type Rejection, reject } from "../core/errors.ts";
import { isLoyaltyManager, type PersonId } from "../core/org.ts";
import { type Quarter, quarterJustEnded, quarterNamed } from "../core/quarter.ts";
import { allowedCommands, type CommandType, maySee } from "../core/roles.ts";
import { catalog } from "../i18n/catalog.ts";
import type { DigestData } from "../report/digest.ts";
import type { QuarterlyReport } from "../report/quarterly-report.ts";
import type { BombFilter, Via } from "../store/store.ts";
import { type ActionResult, type Actor, actOnBomb, reportBomb } from "./bomb-actions.ts";
import { loadDigest } from "./digest.ts";
import { loadQuarterlyReport } from "./quarterly-report.ts";
import type { Services } from "./services.ts";

/** What the use cases need from the adapter that calls them. */
export interface InteractionDeps {
  svc: Services;
  now: () => number;
  /** The door changes are recorded as coming through ("slack"). */
  via: Via;
  /** The adapter's view context at `now`: its dialect, its surface, whom it can reach. */
  viewContext: (now: number) => ViewContext;
  /** The most bombs the adapter shows in one list: no more are read, the rest are counted. */
  listRoom: number;
  /** Where a refused click or submission is noted for the operators. */
  warn: (line: string) => void;
}

/** A form to show: the person may do this now. */
export type FormResult = { kind: "form"; form: FormSpec };

/** The change was made (the adapter asks the outbox to deliver now). */
export type DoneResult = { kind: "done"; bomb: Bomb };

/** Sentences under the inputs at fault, by input name; nothing changed. */
export type ErrorsResult = { kind: "errors"; errors: Record<string, string> };

/**
 * Nothing changed and the person is told why, privately: a sentence (null when the bomb's state
 * says it all), and the bomb as it now stands (null when there is none to show).
 */
export type RefusalResult =
  | { kind: "refusal"; sentence: string; bomb: Bomb | null }
  | { kind: "refusal"; sentence: null; bomb: Bomb };

/** Open bombs under a title: the first `bombs` of `total`. */
export type ListResult = { kind: "list"; title: string; bombs: Bomb[]; total: number };

/** One bomb in full for `viewer`, with its timeline (and the actions the viewer's role allows). */
export type DetailResult = {
  kind: "detail";
  bomb: Bomb;
  timeline: TimelineRow[];
  viewer: PersonId;
};

/** What the command does; `problem` says what was not understood, when something was not. */
export type HelpResult = { kind: "help"; problem: string | null };

/** The bombs a person must answer (`held`) and those they accepted (`owned`). */
export type HomeResult = { kind: "home"; held: Bomb[]; owned: Bomb[] };

/** What slow work gives: the digest, or a quarter's report. */
export type SlowAnswer =
  | { type: "digest"; digest: DigestData }
  | { type: "report"; report: QuarterlyReport };

/**
 * Work longer than a platform waits for its acknowledgement: acknowledge with `working`, then
 * `run` and answer with what it gives; if it throws, answer `failed` (never silence).
 */
export type SlowResult = {
  kind: "slow";
  subject: "digest" | "report";
  working: string;
  failed: string;
  run: () => Promise<SlowAnswer>;
};

/** Any result of an interaction. */
export type InteractionResult =
  | FormResult
  | DoneResult
  | ErrorsResult
  | RefusalResult
  | ListResult
  | DetailResult
  | HelpResult
  | HomeResult
  | SlowResult;

/** The bomb number a button carries: digits only ("0x1" or "1e0" are not bomb 1). */
export function bombIdOf(value: unknown): number | null {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string" || !/^[1-9]\d{0,15}$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

/** What each button asks the core to let the person do. */
const commandOfAction: Readonly<Record<ActionId, CommandType>> = {
  [actions.accept]: "accept",
  [actions.forward]: "forward",
  [actions.resolve]: "resolve",
  [actions.verify]: "verify",
  [actions.reopen]: "reopen",
  [actions.defuse]: "defuse",
  [actions.triageActivate]: "activate",
  [actions.triageDismiss]: "dismiss",
};

/**
 * A button on bomb `bombId` (the button's value as the platform sent it). The person's role is
 * checked against the bomb in the database, never the message the button came from: a stale or
 * foreign button is a refusal showing the bomb as it now is. Dismiss acts at once; every other
 * button gives the form to fill, its defaults and limits set.
 */
export async function pressButton(
  deps: InteractionDeps,
  person: PersonId,
  actionId: ActionId,
  bombId: unknown,
): Promise<FormResult | DoneResult | RefusalResult> {
  const { org } = deps.svc;
  const id = bombIdOf(bombId);
  const bomb = id === null ? null : await deps.svc.store.loadBomb(id);
  if (bomb === null) {
    const shown = typeof bombId === "string" || typeof bombId === "number" ? bombId : "?";
    return {
      kind: "refusal",
      sentence: catalog(org.locale).reasons.not_found({ id: shown }),
      bomb: null,
    };
  }
  const command = commandOfAction[actionId];
  if (!allowedCommands(bomb, person, org).includes(command)) {
    deps.warn(`refused ${actionId} on bomb #${bomb.id} by ${person} (state ${bomb.state})`);
    return { kind: "refusal", sentence: null, bomb };
  }
  const now = deps.now();
  if (command === "dismiss") {
    const result = await actOnBomb(deps.svc, bomb.id, actorOf(deps, person, now), {
      type: "dismiss",
      reason: "",
    });
    if (result.ok) return { kind: "done", bomb: result.bomb };
    return { kind: "refusal", sentence: reasonText(result, deps.viewContext(now)), bomb: null };
  }
  return { kind: "form", form: formFor(command, bomb, deps.viewContext(now), person) };
}

function formFor(command: CommandType, bomb: Bomb, ctx: ViewContext, person: PersonId): FormSpec {
  switch (command) {
    case "activate":
      return openForm({
        org: ctx.org,
        reporterIsLoyaltyManager: isLoyaltyManager(ctx.org, person),
        prefill: bomb,
        bombId: bomb.id,
      });
    case "accept":
      return acceptForm(bomb, ctx);
    case "forward":
      return forwardForm(bomb, ctx);
    case "resolve":
      return resolveForm(bomb, ctx);
    case "verify":
      return verifyForm(bomb, ctx);
    case "reopen":
      return reopenForm(bomb, ctx);
    default:
      return defuseForm(bomb, ctx);
  }
}

/**
 * A bomb a form names but that cannot be read: the platform's record of the form was garbled.
 * Said as a refusal rather than taken as done, since the person would think their answer was.
 */
export const unreadableBomb = "unreadable";

/**
 * A submitted form. `bombId` is the bomb it is about: null for a new report (`bomba_open` from a
 * command), `unreadableBomb` when the form named one that cannot be read. `values` are the
 * inputs by name, people as person ids. `sourceKey` identifies this submission on the platform:
 * the same key twice files one report, and a retried submission changes nothing twice.
 */
export async function submitForm(
  deps: InteractionDeps,
  person: PersonId,
  formId: FormId,
  bombId: number | null | typeof unreadableBomb,
  values: FormValues,
  sourceKey: string,
): Promise<DoneResult | ErrorsResult | RefusalResult> {
  const { locale } = deps.svc.org;
  const now = deps.now();
  const actor = actorOf(deps, person, now);
  if (formId === views.open) {
    const parsed = parseOpenValues(values, locale);
    if (!parsed.ok) return { kind: "errors", errors: parsed.errors };
    // Anything but a new report must name the bomb being activated, or a garbled activation
    // would file the complaint a second time.
    if (bombId === unreadableBomb) return withoutBomb(deps, formId, now);
    const input = parsed.value;
    if (bombId === null)
      return finish(deps, await reportBomb(deps.svc, actor, input, sourceKey), now);
    const result = await actOnBomb(deps.svc, bombId, actor, {
      type: "activate",
      customer: input.customer,
      contact: input.contact,
      complaint: input.complaint,
      source: input.source,
      departmentId: input.departmentId ?? "",
    });
    noteRefusal(deps, formId, bombId, person, result);
    return finish(deps, result, now);
  }
  if (bombId === null || bombId === unreadableBomb) return withoutBomb(deps, formId, now);
  const parsed = parseCommandValues[formId](values, locale);
  if (!parsed.ok) return { kind: "errors", errors: parsed.errors };
  const result = await actOnBomb(deps.svc, bombId, actor, parsed.value);
  noteRefusal(deps, formId, bombId, person, result);
  return finish(deps, result, now, bombId);
}

/** A form about a bomb that names none we can read. */
function withoutBomb(deps: InteractionDeps, formId: FormId, now: number): RefusalResult {
  deps.warn(`${formId}: submission without a bomb id`);
  const sentence = reasonText(reject("not_found", { id: "?" }), deps.viewContext(now));
  return { kind: "refusal", sentence, bomb: null };
}

/** A submission refused for the submitter's role is noted, as a refused click is. */
function noteRefusal(
  deps: InteractionDeps,
  formId: FormId,
  bombId: number,
  person: PersonId,
  result: ActionResult,
): void {
  if (result.ok || !result.reason.startsWith("only_")) return;
  deps.warn(`refused ${formId} submission on bomb #${bombId} by ${person} (${result.reason})`);
}

/** Done; else the errors under their inputs; else why, with the bomb as it now is. */
async function finish(
  deps: InteractionDeps,
  result: ActionResult,
  now: number,
  bombId?: number,
): Promise<DoneResult | ErrorsResult | RefusalResult> {
  if (result.ok) return { kind: "done", bomb: result.bomb };
  const errors = rejectionToErrors(result, deps.svc.org.locale);
  if (errors !== null) return { kind: "errors", errors };
  return refusalOf(deps, result, now, bombId);
}

/** Why nothing changed (a double click, a bomb that moved on, a missing role) and the bomb now. */
async function refusalOf(
  deps: InteractionDeps,
  rejection: Rejection,
  now: number,
  bombId?: number,
): Promise<RefusalResult> {
  const sentence = reasonText(rejection, deps.viewContext(now));
  const bomb = bombId === undefined ? null : await deps.svc.store.loadBomb(bombId);
  return { kind: "refusal", sentence, bomb };
}

/**
 * A command's words (`/bomba …` in Slack). Lists show only what the person may see: someone not
 * in charge always gets their own, whatever scope they asked for; a bomb they may not see reads
 * as not found; the digest and the report are for those in charge.
 */
export async function runCommand(
  deps: InteractionDeps,
  person: PersonId,
  text: string,
): Promise<FormResult | HelpResult | ListResult | DetailResult | RefusalResult | SlowResult> {
  const { org } = deps.svc;
  const words = catalog(org.locale);
  const request = parseCommandText(text);
  switch (request.kind) {
    case "open":
      return {
        kind: "form",
        form: openForm({ org, reporterIsLoyaltyManager: isLoyaltyManager(org, person) }),
      };
    case "help":
      return { kind: "help", problem: null };
    case "invalid": {
      const { surface } = deps.viewContext(deps.now());
      const problem = words.chat.commands[request.reason]({ word: request.word }, surface.command);
      return { kind: "help", problem };
    }
    case "list": {
      const scope = request.scope;
      const mine = scope === "mine" || !maySee.everything(org, person);
      const filter: BombFilter = mine
        ? { holder: person }
        : scope === "all"
          ? { all: true }
          : { department: scope.department };
      const title =
        "holder" in filter
          ? words.chat.listMine
          : "all" in filter
            ? words.chat.listAll
            : (org.departments.get(filter.department)?.name ?? filter.department);
      // Only what fits is read; the rest is counted, so a long list costs what a short one does.
      const [bombs, total] = await Promise.all([
        deps.svc.store.listOpenBombs(filter, deps.listRoom),
        deps.svc.store.countOpenBombs(filter),
      ]);
      return { kind: "list", title, bombs, total };
    }
    case "show": {
      const bomb = await deps.svc.store.loadBomb(request.id);
      if (bomb === null || !maySee.bomb(org, person, bomb)) {
        return {
          kind: "refusal",
          sentence: words.reasons.not_found({ id: request.id }),
          bomb: null,
        };
      }
      const timeline = await deps.svc.store.loadTimeline(bomb.id);
      return { kind: "detail", bomb, timeline, viewer: person };
    }
    case "digest":
    case "report":
      return slowWork(deps, person, request);
  }
}

/** The digest or a quarter's report, for those in charge; the quarter just ended by default. */
function slowWork(
  deps: InteractionDeps,
  person: PersonId,
  request: { kind: "digest" } | { kind: "report"; quarter: string | null },
): RefusalResult | SlowResult {
  const { org } = deps.svc;
  const words = catalog(org.locale);
  const now = deps.now();
  const { surface } = deps.viewContext(now);
  if (!maySee.everything(org, person)) {
    return { kind: "refusal", sentence: words.chat.onlyInCharge(surface.command), bomb: null };
  }
  const zone = org.calendar.timezone;
  const quarter: Quarter | null =
    request.kind === "report" && request.quarter !== null
      ? quarterNamed(request.quarter, zone)
      : quarterJustEnded(now, zone);
  if (quarter === null) {
    const word = request.kind === "report" ? String(request.quarter) : "";
    const sentence = words.chat.commands.bad_quarter({ word }, surface.command);
    return { kind: "refusal", sentence, bomb: null };
  }
  const subject = request.kind;
  return {
    kind: "slow",
    subject,
    working: words.chat.working[subject]({ quarter: quarter.id }),
    failed: words.chat.workFailed[subject],
    run: async () =>
      subject === "digest"
        ? { type: "digest", digest: await loadDigest(deps.svc, now) }
        : { type: "report", report: await loadQuarterlyReport(deps.svc, quarter) },
  };
}

/**
 * Home: the bombs a person holds (pending, theirs to answer) and those they own (accepted by
 * them, waiting for the visit).
 */
export async function openHome(deps: InteractionDeps, person: PersonId): Promise<HomeResult> {
  const mine = await deps.svc.store.listOpenBombs({ holder: person });
  return {
    kind: "home",
    held: mine.filter((b) => b.state === "pending"),
    owned: mine.filter((b) => b.state !== "pending"),
  };
}

function actorOf(deps: InteractionDeps, person: PersonId, now: number): Actor {
  return { person, now, via: deps.via };
}

/** The four interactions bound to one adapter's dependencies: a person id in, a result out. */
export interface Interactions {
  /** A button on a bomb (its value as sent): a form, done (dismiss) or a refusal. */
  pressButton(
    person: PersonId,
    actionId: ActionId,
    bombId: unknown,
  ): Promise<FormResult | DoneResult | RefusalResult>;
  /** A submitted form: done, errors under inputs, or a refusal. */
  submitForm(
    person: PersonId,
    formId: FormId,
    bombId: number | null | typeof unreadableBomb,
    values: FormValues,
    sourceKey: string,
  ): Promise<DoneResult | ErrorsResult | RefusalResult>;
  /** A command's words: a form, help, a list, a detail, a refusal or slow work. */
  runCommand(
    person: PersonId,
    text: string,
  ): Promise<FormResult | HelpResult | ListResult | DetailResult | RefusalResult | SlowResult>;
  /** Home: what the person holds and owns. */
  openHome(person: PersonId): Promise<HomeResult>;
}

/** The interactions over `deps`. */
export function interactions(deps: InteractionDeps): Interactions {
  return {
    pressButton: (person, actionId, bombId) => pressButton(deps, person, actionId, bombId),
    submitForm: (person, formId, bombId, values, sourceKey) =>
      submitForm(deps, person, formId, bombId, values, sourceKey),
    runCommand: (person, text) => runCommand(deps, person, text),
    openHome: (person) => openHome(deps, person),
  };
}
