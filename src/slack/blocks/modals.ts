/**
 * The modals of the interaction contract (SPEC §5). Each input is an input block whose `block_id`
 * is the contract's input name and whose element's `action_id` is `value`; every modal about an
 * existing bomb carries `{"bombId": n}` in `private_metadata`.
 */
import type {
  InputBlock,
  InputBlockElement,
  KnownBlock,
  ModalView,
  PlainTextInput,
  PlainTextOption,
} from "@slack/types";
import { type inputs, views } from "../../chat/ids.ts";
import { type Bomb, satisfactions, severities, sources } from "../../core/bomb.ts";
import { maxTextLength } from "../../core/errors.ts";
import { chainAbove, type Org, type PersonId, subordinatesOf } from "../../core/org.ts";
import { type ComplaintInput, forwardTargets, latestDueDate } from "../../core/transitions.ts";
import { catalog, type ModalName } from "../../i18n/catalog.ts";
import { formatIsoDate } from "../../i18n/fill.ts";
import { inputActionId } from "../ids.ts";
import { type BlockContext, personName, wordsOf } from "./bomb-facts.ts";
import {
  cutText,
  escapeMrkdwn,
  mrkdwnText,
  option,
  optionGroups,
  plain,
  section,
  slackLimits,
} from "./kit.ts";

/** Any input name of the contract. */
export type InputName = (typeof inputs)[keyof typeof inputs][number];

/** How the report modal is opened: from `/bomba`, or from a triage bomb's Activate button. */
export interface OpenModalOptions {
  org: Org;
  /** Only loyalty managers pick the department (and so open the bomb at once). */
  reporterIsLoyaltyManager: boolean;
  /** The report being activated: its details fill the inputs. */
  prefill?: ComplaintInput;
  /** The triage bomb being activated; set, it goes to `private_metadata`. */
  bombId?: number;
}

/** `bomba_open`: report a complaint; a loyalty manager also picks the department. */
export function buildOpenModal(options: OpenModalOptions): ModalView {
  const { org, prefill } = options;
  const words = catalog(org.locale).slack;
  const labels = words.modals.labels;
  const blocks: KnownBlock[] = [];
  if (!options.reporterIsLoyaltyManager) blocks.push(section(words.modals.hints.report));
  blocks.push(
    input("customer", labels.customer, textInput({ initial: prefill?.customer })),
    input("contact", labels.contact, textInput({ initial: prefill?.contact }), { optional: true }),
    input(
      "complaint",
      labels.complaint,
      textInput({ initial: prefill?.complaint, multiline: true }),
    ),
  );
  const sourceOptions = sources.map((s) => option(words.sources[s], s));
  const initialSource = sourceOptions[sources.indexOf(prefill?.source ?? "direct")];
  blocks.push(
    input("source", labels.source, {
      type: "static_select",
      action_id: inputActionId,
      options: sourceOptions,
      ...(initialSource === undefined ? {} : { initial_option: initialSource }),
    }),
  );
  if (options.reporterIsLoyaltyManager) {
    const departments = [...org.departments.values()].map((d) => option(d.name, d.id));
    blocks.push(
      input("department", labels.department, selectOf(departments, labels.department, org), {
        hint: words.modals.hints.department,
      }),
    );
  }
  const name: ModalName = options.bombId === undefined ? "open" : "activate";
  return modal(org, name, views.open, blocks, options.bombId ?? null);
}

/** `bomba_accept`: severity, committed date (the latest allowed for minor by default), visit, plan. */
export function buildAcceptModal(bomb: Bomb, ctx: BlockContext, opener?: PersonId): ModalView {
  const words = wordsOf(ctx);
  const { labels, hints } = words.slack.modals;
  const minor = latestDueDate("minor", ctx);
  const major = latestDueDate("major", ctx);
  const latest = { minor, major };
  const severityOptions = severities.map((s) =>
    option(
      words.slack.modals.severityOption({
        severity: words.severities[s],
        latest: formatIsoDate(ctx, latest[s]),
      }),
      s,
    ),
  );
  const blocks: KnownBlock[] = [
    summary(bomb),
    input("severity", labels.severity, {
      type: "radio_buttons",
      action_id: inputActionId,
      options: severityOptions,
      ...(severityOptions[0] === undefined ? {} : { initial_option: severityOptions[0] }),
    }),
    input("due", labels.due, datepicker(minor), {
      hint: hints.due({
        dayEnds: ctx.org.calendar.dayEnds,
        minor: formatIsoDate(ctx, minor),
        major: formatIsoDate(ctx, major),
      }),
    }),
    input("visit_by", labels.visitBy, usersSelect(ctx, opener), { hint: hints.visit }),
    input("visit_on", labels.visitOn, datepicker(), { hint: hints.visitOn }),
    input("plan", labels.plan, textInput({ multiline: true })),
  ];
  return modal(ctx.org, "accept", views.accept, blocks, bomb.id);
}

/**
 * `bomba_forward`: whom to (the holder's chain and the other departments' links, as Slack user
 * ids, grouped) and why. People Slack does not know yet cannot be offered.
 */
export function buildForwardModal(bomb: Bomb, ctx: BlockContext): ModalView {
  const words = wordsOf(ctx).slack.modals;
  const groups = forwardGroups(bomb, ctx);
  const blocks: KnownBlock[] = [summary(bomb)];
  if (groups.length === 0) {
    blocks.push(section(words.noTargets));
    return modal(ctx.org, "forward", views.forward, blocks, bomb.id, { submit: false });
  }
  blocks.push(
    input(
      "target",
      words.labels.target,
      {
        type: "static_select",
        action_id: inputActionId,
        option_groups: optionGroups(groups, (group, part) =>
          words.targetGroups.part({ group, part }),
        ),
      },
      { hint: words.hints.forward },
    ),
    input("note", words.labels.forwardNote, textInput({ multiline: true })),
  );
  return modal(ctx.org, "forward", views.forward, blocks, bomb.id);
}

/** `bomba_resolve`: the solution, when the customer was visited (today by default) and by whom. */
export function buildResolveModal(bomb: Bomb, ctx: BlockContext, opener?: PersonId): ModalView {
  const { labels } = wordsOf(ctx).slack.modals;
  const blocks: KnownBlock[] = [
    summary(bomb),
    input("solution", labels.solution, textInput({ multiline: true })),
    input("visited_on", labels.visitedOn, datepicker(ctx.calendar.localDate(ctx.now))),
    input("visited_by", labels.visitedBy, usersSelect(ctx, opener)),
  ];
  return modal(ctx.org, "resolve", views.resolve, blocks, bomb.id);
}

/** `bomba_verify`: the customer's satisfaction and an optional note; shows the solution to check. */
export function buildVerifyModal(bomb: Bomb, ctx: BlockContext): ModalView {
  const words = wordsOf(ctx);
  const { labels, hints } = words.slack.modals;
  const options = satisfactions.map((s) => option(words.satisfactions[s], s));
  const blocks: KnownBlock[] = [summary(bomb)];
  if (bomb.state === "resolved" || bomb.state === "closed") {
    const title = `*${escapeMrkdwn(words.slack.fields.solution)}*\n`;
    const budget = 1000 - title.length;
    blocks.push(section(title + mrkdwnText(bomb.resolution.solution, budget, { quote: true })));
  }
  blocks.push(
    input(
      "satisfaction",
      labels.satisfaction,
      { type: "radio_buttons", action_id: inputActionId, options },
      { hint: hints.verify },
    ),
    input("note", labels.verifyNote, textInput({ multiline: true }), { optional: true }),
  );
  return modal(ctx.org, "verify", views.verify, blocks, bomb.id);
}

/** `bomba_reopen`: a new committed date (the latest allowed by default) and why. */
export function buildReopenModal(bomb: Bomb, ctx: BlockContext): ModalView {
  const { labels, hints } = wordsOf(ctx).slack.modals;
  // The core keeps the original severity; a bomb solved without a commitment reopens as minor.
  const severity = "commitment" in bomb && bomb.commitment ? bomb.commitment.severity : "minor";
  const latest = latestDueDate(severity, ctx);
  const hint = hints.reopenDue({
    dayEnds: ctx.org.calendar.dayEnds,
    latest: formatIsoDate(ctx, latest),
  });
  const blocks: KnownBlock[] = [
    summary(bomb),
    input("due", labels.reopenDue, datepicker(latest), { hint }),
    input("note", labels.reopenNote, textInput({ multiline: true })),
  ];
  return modal(ctx.org, "reopen", views.reopen, blocks, bomb.id);
}

/** `bomba_defuse`: why the bomb is stopped. */
export function buildDefuseModal(bomb: Bomb, ctx: BlockContext): ModalView {
  const { labels, hints } = wordsOf(ctx).slack.modals;
  const blocks: KnownBlock[] = [
    summary(bomb),
    input("reason", labels.reason, textInput({ multiline: true }), { hint: hints.defuse }),
  ];
  return modal(ctx.org, "defuse", views.defuse, blocks, bomb.id);
}

/** A modal that only tells something: a private answer where no ephemeral message can go. */
export function buildNoticeModal(
  org: Org,
  message: { text: string; blocks?: KnownBlock[] },
): ModalView {
  const words = catalog(org.locale).slack.modals;
  return {
    type: "modal",
    title: plain(words.noticeTitle, slackLimits.viewTitle),
    close: plain(words.close, slackLimits.viewTitle),
    blocks: message.blocks ?? [section(message.text)],
  };
}

/** `private_metadata` of a modal about bomb `id`. */
export function privateMetadataOf(bombId: number): string {
  return JSON.stringify({ bombId });
}

function modal(
  org: Org,
  name: ModalName,
  callbackId: string,
  blocks: KnownBlock[],
  bombId: number | null,
  options: { submit: boolean } = { submit: true },
): ModalView {
  const words = catalog(org.locale).slack.modals;
  const view: ModalView = {
    type: "modal",
    callback_id: callbackId,
    title: plain(words.titles[name], slackLimits.viewTitle),
    close: plain(words.close, slackLimits.viewTitle),
    blocks,
  };
  if (options.submit) view.submit = plain(words.submit[name], slackLimits.viewTitle);
  if (bombId !== null) view.private_metadata = privateMetadataOf(bombId);
  return view;
}

function input(
  blockId: InputName,
  label: string,
  element: InputBlockElement,
  options: { optional?: boolean; hint?: string } = {},
): InputBlock {
  const block: InputBlock = {
    type: "input",
    block_id: blockId,
    label: plain(label, slackLimits.label),
    element,
  };
  if (options.optional) block.optional = true;
  if (options.hint !== undefined) block.hint = plain(options.hint, slackLimits.hint);
  return block;
}

function textInput(options: { initial?: string | undefined; multiline?: boolean }) {
  const element: PlainTextInput = {
    type: "plain_text_input",
    action_id: inputActionId,
    max_length: maxTextLength,
  };
  if (options.multiline) element.multiline = true;
  if (options.initial !== undefined && options.initial !== "") {
    element.initial_value = cutText(options.initial, maxTextLength);
  }
  return element;
}

function datepicker(initialDate?: string): InputBlockElement {
  return initialDate === undefined
    ? { type: "datepicker", action_id: inputActionId }
    : { type: "datepicker", action_id: inputActionId, initial_date: initialDate };
}

function usersSelect(ctx: BlockContext, person?: PersonId): InputBlockElement {
  const initial = person === undefined ? null : ctx.directory.slackIdOf(person);
  return initial === null
    ? { type: "users_select", action_id: inputActionId }
    : { type: "users_select", action_id: inputActionId, initial_user: initial };
}

/** A static select of options, grouped in hundreds when there are more than Slack shows at once. */
function selectOf(options: PlainTextOption[], label: string, org: Org): InputBlockElement {
  if (options.length <= slackLimits.options) {
    return { type: "static_select", action_id: inputActionId, options };
  }
  const part = catalog(org.locale).slack.modals.targetGroups.part;
  return {
    type: "static_select",
    action_id: inputActionId,
    option_groups: optionGroups([{ label, options }], (group, n) => part({ group, part: n })),
  };
}

/** Forward targets in groups: other departments' links, the chain above, the people below. */
function forwardGroups(bomb: Bomb, ctx: BlockContext) {
  if (bomb.state !== "pending") return [];
  const { org, directory } = ctx;
  const words = wordsOf(ctx).slack.modals.targetGroups;
  const targets = new Set(forwardTargets(bomb, org));
  const holder = bomb.assignment.holder;
  const placed = new Set<PersonId>();
  const groupOf = (label: string, people: readonly PersonId[]) => {
    const options: PlainTextOption[] = [];
    for (const person of people) {
      if (!targets.has(person) || placed.has(person)) continue;
      const slackId = directory.slackIdOf(person);
      if (slackId === null) continue;
      placed.add(person);
      const title = org.people.get(person)?.title;
      const name = personName(org, person);
      options.push(option(title ? `${name} · ${title}` : name, slackId));
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

/** The bomb being acted on, in a few lines at the top of its modals. */
function summary(bomb: Bomb): KnownBlock {
  const customer = mrkdwnText(bomb.customer.replace(/\s+/g, " "), 150);
  const title = `*#${bomb.id} · ${customer}*\n`;
  return section(title + mrkdwnText(bomb.complaint, 600, { quote: true }));
}
