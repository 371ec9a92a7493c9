/**
 * The forms of the interaction contract (SPEC §5) as neutral specs: which inputs, in which order,
 * with which labels, hints, defaults, options and limits. A Slack modal and a Teams dialog are
 * two renderings of the same spec; the rules behind the defaults (the latest committed date, the
 * people a bomb may be forwarded to) come from the core, once.
 */
import {
  type Bomb,
  type ComplaintInput,
  satisfactions,
  severities,
  sources,
} from "../../core/bomb.ts";
import { latestDueDate } from "../../core/checks.ts";
import { reopenSeverity } from "../../core/commands/reopen.ts";
import { maxTextLength } from "../../core/errors.ts";
import { chainAbove, type Org, type PersonId, subordinatesOf } from "../../core/org.ts";
import { forwardTargets } from "../../core/roles.ts";
import { catalog, type FormName } from "../../i18n/catalog.ts";
import { formatIsoDate } from "../../i18n/fill.ts";
import { type FormId, type InputName, views } from "../ids.ts";
import { personName, wordsOf } from "./bomb-facts.ts";
import type { ViewContext } from "./view-context.ts";

/** A choice of a select or a radio group. */
export interface ChoiceOption {
  label: string;
  value: string;
}

/** Options under a heading (forward targets: links, above, below). */
export interface OptionGroup {
  label: string;
  options: ChoiceOption[];
}

/** What every input has. */
interface FieldBase {
  name: InputName;
  label: string;
  hint?: string;
  optional?: boolean;
}

/** One input of a form. */
export type FormField = FieldBase &
  (
    | { kind: "text"; multiline: boolean; maxLength: number; initial?: string }
    | { kind: "date"; initial?: string }
    /** Anyone the platform knows (a people picker); `initial` is a person of the org. */
    | { kind: "person"; initial?: PersonId }
    /** One of fixed options; `value`s of a person choice are person ids. */
    | { kind: "select"; groups: OptionGroup[]; initial?: string; people?: boolean }
    | { kind: "radio"; options: ChoiceOption[]; initial?: string }
  );

/** A part of a form: an input, a note in the dialect, or the bomb it is about. */
export type FormBlock =
  | { type: "field"; field: FormField }
  | { type: "note"; text: string }
  /** The bomb acted on: number, customer and complaint (user text, raw). */
  | { type: "bomb"; id: number; customer: string; complaint: string }
  /** A labelled quote of user text, raw, cut to `max` (the solution to check). */
  | { type: "quote"; label: string; text: string; max: number };

/** A whole form. */
export interface FormSpec {
  id: FormId;
  /** Which words of the catalog title it and its submit button. */
  name: FormName;
  title: string;
  /** Null when there is nothing to submit (nobody to forward to). */
  submit: string | null;
  close: string;
  /** The bomb it acts on; null for a new report. */
  bombId: number | null;
  blocks: FormBlock[];
}

/** How the report form is opened: from a command, or from a triage bomb's Activate button. */
export interface OpenFormOptions {
  org: Org;
  /** Only loyalty managers pick the department (and so open the bomb at once). */
  reporterIsLoyaltyManager: boolean;
  /** The report being activated: its details fill the inputs. */
  prefill?: ComplaintInput;
  /** The triage bomb being activated. */
  bombId?: number;
}

/** `bomba_open`: report a complaint; a loyalty manager also picks the department. */
export function openForm(options: OpenFormOptions): FormSpec {
  const { org, prefill } = options;
  const words = catalog(org.locale).chat;
  const labels = words.forms.labels;
  const blocks: FormBlock[] = [];
  if (!options.reporterIsLoyaltyManager)
    blocks.push({ type: "note", text: words.forms.hints.report });
  blocks.push(
    field({ name: "customer", label: labels.customer, ...text(false, prefill?.customer) }),
    field({
      name: "contact",
      label: labels.contact,
      optional: true,
      ...text(false, prefill?.contact),
    }),
    field({ name: "complaint", label: labels.complaint, ...text(true, prefill?.complaint) }),
    field({
      name: "source",
      label: labels.source,
      kind: "select",
      groups: [
        {
          label: labels.source,
          options: sources.map((s) => ({ label: words.sources[s], value: s })),
        },
      ],
      initial: prefill?.source ?? "direct",
    }),
  );
  if (options.reporterIsLoyaltyManager) {
    const departments = [...org.departments.values()].map((d) => ({ label: d.name, value: d.id }));
    blocks.push(
      field({
        name: "department",
        label: labels.department,
        hint: words.forms.hints.department,
        kind: "select",
        groups: [{ label: labels.department, options: departments }],
      }),
    );
  }
  const name: FormName = options.bombId === undefined ? "open" : "activate";
  return form(org, name, views.open, blocks, options.bombId ?? null);
}

/** `bomba_accept`: severity, committed date (the latest allowed for minor by default), visit, plan. */
export function acceptForm(bomb: Bomb, ctx: ViewContext, opener?: PersonId): FormSpec {
  const words = wordsOf(ctx);
  const { labels, hints } = words.chat.forms;
  const minor = latestDueDate("minor", ctx);
  const major = latestDueDate("major", ctx);
  const latest = { minor, major };
  const severityOptions = severities.map((s) => ({
    label: words.chat.forms.severityOption({
      severity: words.severities[s],
      latest: formatIsoDate(ctx, latest[s]),
    }),
    value: s,
  }));
  const blocks: FormBlock[] = [
    bombBlock(bomb),
    field({
      name: "severity",
      label: labels.severity,
      kind: "radio",
      options: severityOptions,
      initial: severities[0],
    }),
    field({
      name: "due",
      label: labels.due,
      kind: "date",
      initial: minor,
      hint: hints.due({
        dayEnds: ctx.org.calendar.dayEnds,
        minor: formatIsoDate(ctx, minor),
        major: formatIsoDate(ctx, major),
      }),
    }),
    field({ name: "visit_by", label: labels.visitBy, hint: hints.visit, ...person(opener) }),
    field({ name: "visit_on", label: labels.visitOn, kind: "date", hint: hints.visitOn }),
    field({ name: "plan", label: labels.plan, ...text(true) }),
  ];
  return form(ctx.org, "accept", views.accept, blocks, bomb.id);
}

/**
 * `bomba_forward`: whom to (the holder's chain and the other departments' links, grouped; only
 * people the platform can reach) and why. With nobody to offer, a note and no submit.
 */
export function forwardForm(bomb: Bomb, ctx: ViewContext): FormSpec {
  const words = wordsOf(ctx).chat.forms;
  const groups = forwardGroups(bomb, ctx);
  const blocks: FormBlock[] = [bombBlock(bomb)];
  if (groups.length === 0) {
    blocks.push({ type: "note", text: words.noTargets({ platform: ctx.surface.name }) });
    return form(ctx.org, "forward", views.forward, blocks, bomb.id, { submit: false });
  }
  blocks.push(
    field({
      name: "target",
      label: words.labels.target,
      hint: words.hints.forward,
      kind: "select",
      groups,
      people: true,
    }),
    field({ name: "note", label: words.labels.forwardNote, ...text(true) }),
  );
  return form(ctx.org, "forward", views.forward, blocks, bomb.id);
}

/** `bomba_resolve`: the solution, when the customer was visited (today by default) and by whom. */
export function resolveForm(bomb: Bomb, ctx: ViewContext, opener?: PersonId): FormSpec {
  const { labels } = wordsOf(ctx).chat.forms;
  const blocks: FormBlock[] = [
    bombBlock(bomb),
    field({ name: "solution", label: labels.solution, ...text(true) }),
    field({
      name: "visited_on",
      label: labels.visitedOn,
      kind: "date",
      initial: ctx.calendar.localDate(ctx.now),
    }),
    field({ name: "visited_by", label: labels.visitedBy, ...person(opener) }),
  ];
  return form(ctx.org, "resolve", views.resolve, blocks, bomb.id);
}

/** `bomba_verify`: the customer's satisfaction and an optional note; shows the solution to check. */
export function verifyForm(bomb: Bomb, ctx: ViewContext): FormSpec {
  const words = wordsOf(ctx);
  const { labels, hints } = words.chat.forms;
  const blocks: FormBlock[] = [bombBlock(bomb)];
  if (bomb.state === "resolved" || bomb.state === "closed") {
    const label = words.chat.fields.solution;
    blocks.push({ type: "quote", label, text: bomb.resolution.solution, max: 1000 });
  }
  blocks.push(
    field({
      name: "satisfaction",
      label: labels.satisfaction,
      hint: hints.verify,
      kind: "radio",
      options: satisfactions.map((s) => ({ label: words.satisfactions[s], value: s })),
    }),
    field({ name: "note", label: labels.verifyNote, optional: true, ...text(true) }),
  );
  return form(ctx.org, "verify", views.verify, blocks, bomb.id);
}

/** `bomba_reopen`: a new committed date (the latest allowed by default) and why. */
export function reopenForm(bomb: Bomb, ctx: ViewContext): FormSpec {
  const { labels, hints } = wordsOf(ctx).chat.forms;
  const latest = latestDueDate(reopenSeverity(bomb), ctx);
  const hint = hints.reopenDue({
    dayEnds: ctx.org.calendar.dayEnds,
    latest: formatIsoDate(ctx, latest),
  });
  const blocks: FormBlock[] = [
    bombBlock(bomb),
    field({ name: "due", label: labels.reopenDue, kind: "date", initial: latest, hint }),
    field({ name: "note", label: labels.reopenNote, ...text(true) }),
  ];
  return form(ctx.org, "reopen", views.reopen, blocks, bomb.id);
}

/** `bomba_defuse`: why the bomb is stopped. */
export function defuseForm(bomb: Bomb, ctx: ViewContext): FormSpec {
  const { labels, hints } = wordsOf(ctx).chat.forms;
  const blocks: FormBlock[] = [
    bombBlock(bomb),
    field({ name: "reason", label: labels.reason, hint: hints.defuse, ...text(true) }),
  ];
  return form(ctx.org, "defuse", views.defuse, blocks, bomb.id);
}

function form(
  org: Org,
  name: FormName,
  id: FormId,
  blocks: FormBlock[],
  bombId: number | null,
  options: { submit: boolean } = { submit: true },
): FormSpec {
  const words = catalog(org.locale).chat.forms;
  return {
    id,
    name,
    title: words.titles[name],
    submit: options.submit ? words.submit[name] : null,
    close: words.close,
    bombId,
    blocks,
  };
}

function field(spec: FormField): FormBlock {
  return { type: "field", field: spec };
}

function text(multiline: boolean, initial?: string) {
  const spec = { kind: "text" as const, multiline, maxLength: maxTextLength };
  return initial === undefined || initial === "" ? spec : { ...spec, initial };
}

function person(initial?: PersonId) {
  return initial === undefined ? { kind: "person" as const } : { kind: "person" as const, initial };
}

function bombBlock(bomb: Bomb): FormBlock {
  return { type: "bomb", id: bomb.id, customer: bomb.customer, complaint: bomb.complaint };
}

/** Forward targets in groups: other departments' links, the chain above, the people below. */
function forwardGroups(bomb: Bomb, ctx: ViewContext): OptionGroup[] {
  if (bomb.state !== "pending") return [];
  const { org } = ctx;
  const words = wordsOf(ctx).chat.forms.targetGroups;
  const targets = new Set(forwardTargets(bomb, org));
  const holder = bomb.assignment.holder;
  const placed = new Set<PersonId>();
  const groupOf = (label: string, people: readonly PersonId[]): OptionGroup => {
    const options: ChoiceOption[] = [];
    for (const person of people) {
      if (!targets.has(person) || placed.has(person) || !ctx.reachable(person)) continue;
      placed.add(person);
      const title = org.people.get(person)?.title;
      const name = personName(org, person);
      options.push({ label: title ? `${name} · ${title}` : name, value: person });
    }
    return { label, options };
  };
  const links = [...org.departments.values()].map((d) => d.link);
  return [
    groupOf(words.links, links),
    groupOf(words.above, chainAbove(org, holder)),
    groupOf(words.below, subordinatesOf(org, holder)),
  ].filter((group) => group.options.length > 0);
}
