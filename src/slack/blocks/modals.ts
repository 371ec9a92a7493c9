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
} from "@slack/types";
import type { Directory } from "../../app/directory.ts";
import {
  acceptForm,
  defuseForm,
  type FormBlock,
  type FormField,
  type FormSpec,
  forwardForm,
  type OpenFormOptions,
  openForm,
  reopenForm,
  resolveForm,
  verifyForm,
} from "../../chat/views/forms.ts";
import type { Bomb } from "../../core/bomb.ts";
import type { Org, PersonId } from "../../core/org.ts";
import { catalog } from "../../i18n/catalog.ts";
import { inputActionId } from "../ids.ts";
import { type BlockContext, viewContextOf } from "./bomb-facts.ts";
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
export type { InputName } from "../../chat/ids.ts";

/** How the report modal is opened: from `/bomba`, or from a triage bomb's Activate button. */
export type OpenModalOptions = OpenFormOptions;

/** `bomba_open`: report a complaint; a loyalty manager also picks the department. */
export function buildOpenModal(options: OpenModalOptions): ModalView {
  return renderModal(openForm(options), { org: options.org, directory: null });
}

/** `bomba_accept`: severity, committed date (the latest allowed for minor by default), visit, plan. */
export function buildAcceptModal(bomb: Bomb, ctx: BlockContext, opener?: PersonId): ModalView {
  return renderModal(acceptForm(bomb, viewContextOf(ctx), opener), ctx);
}

/**
 * `bomba_forward`: whom to (the holder's chain and the other departments' links, as Slack user
 * ids, grouped) and why. People Slack does not know yet cannot be offered.
 */
export function buildForwardModal(bomb: Bomb, ctx: BlockContext): ModalView {
  return renderModal(forwardForm(bomb, viewContextOf(ctx)), ctx);
}

/** `bomba_resolve`: the solution, when the customer was visited (today by default) and by whom. */
export function buildResolveModal(bomb: Bomb, ctx: BlockContext, opener?: PersonId): ModalView {
  return renderModal(resolveForm(bomb, viewContextOf(ctx), opener), ctx);
}

/** `bomba_verify`: the customer's satisfaction and an optional note; shows the solution to check. */
export function buildVerifyModal(bomb: Bomb, ctx: BlockContext): ModalView {
  return renderModal(verifyForm(bomb, viewContextOf(ctx)), ctx);
}

/** `bomba_reopen`: a new committed date (the latest allowed by default) and why. */
export function buildReopenModal(bomb: Bomb, ctx: BlockContext): ModalView {
  return renderModal(reopenForm(bomb, viewContextOf(ctx)), ctx);
}

/** `bomba_defuse`: why the bomb is stopped. */
export function buildDefuseModal(bomb: Bomb, ctx: BlockContext): ModalView {
  return renderModal(defuseForm(bomb, viewContextOf(ctx)), ctx);
}

/** Who is who in Slack, for the people in a form; none for forms that name nobody. */
type RenderContext = { org: Org; directory: Directory | null };

/**
 * A neutral form as a modal: each input an input block whose `block_id` is the contract's input
 * name and whose element's `action_id` is `value`; the bomb in `private_metadata`.
 */
export function renderModal(spec: FormSpec, ctx: RenderContext): ModalView {
  const blocks = spec.blocks.map((block) => renderBlock(block, ctx));
  const view: ModalView = {
    type: "modal",
    callback_id: spec.id,
    title: plain(spec.title, slackLimits.viewTitle),
    close: plain(spec.close, slackLimits.viewTitle),
    blocks,
  };
  if (spec.submit !== null) view.submit = plain(spec.submit, slackLimits.viewTitle);
  if (spec.bombId !== null) view.private_metadata = privateMetadataOf(spec.bombId);
  return view;
}

function renderBlock(block: FormBlock, ctx: RenderContext): KnownBlock {
  switch (block.type) {
    case "note":
      return section(block.text);
    case "bomb": {
      const customer = mrkdwnText(block.customer.replace(/\s+/g, " "), 150);
      const title = `*#${block.id} · ${customer}*\n`;
      return section(title + mrkdwnText(block.complaint, 600, { quote: true }));
    }
    case "quote": {
      const title = `*${escapeMrkdwn(block.label)}*\n`;
      return section(title + mrkdwnText(block.text, block.max - title.length, { quote: true }));
    }
    case "field":
      return input(block.field, elementOf(block.field, ctx));
  }
}

function input(field: FormField, element: InputBlockElement): InputBlock {
  const block: InputBlock = {
    type: "input",
    block_id: field.name,
    label: plain(field.label, slackLimits.label),
    element,
  };
  if (field.optional) block.optional = true;
  if (field.hint !== undefined) block.hint = plain(field.hint, slackLimits.hint);
  return block;
}

function elementOf(field: FormField, ctx: RenderContext): InputBlockElement {
  switch (field.kind) {
    case "text": {
      const element: PlainTextInput = {
        type: "plain_text_input",
        action_id: inputActionId,
        max_length: field.maxLength,
      };
      if (field.multiline) element.multiline = true;
      if (field.initial !== undefined && field.initial !== "") {
        element.initial_value = cutText(field.initial, field.maxLength);
      }
      return element;
    }
    case "date":
      return field.initial === undefined
        ? { type: "datepicker", action_id: inputActionId }
        : { type: "datepicker", action_id: inputActionId, initial_date: field.initial };
    case "person": {
      const initial =
        field.initial === undefined || ctx.directory === null
          ? null
          : ctx.directory.addressOf(field.initial);
      return initial === null
        ? { type: "users_select", action_id: inputActionId }
        : { type: "users_select", action_id: inputActionId, initial_user: initial };
    }
    case "radio": {
      const options = field.options.map((o) => option(o.label, o.value));
      const initial = options.find((o) => o.value === field.initial);
      return {
        type: "radio_buttons",
        action_id: inputActionId,
        options,
        ...(initial === undefined ? {} : { initial_option: initial }),
      };
    }
    case "select":
      return selectOf(field, ctx);
  }
}

/**
 * A static select. People are offered by Slack user id (SPEC §5a: the forward target's value),
 * always in groups; other choices are flat, grouped in hundreds past what Slack shows at once.
 */
function selectOf(
  field: Extract<FormField, { kind: "select" }>,
  ctx: RenderContext,
): InputBlockElement {
  const part = catalog(ctx.org.locale).chat.forms.targetGroups.part;
  const partLabel = (group: string, n: number) => part({ group, part: n });
  const groups = field.groups.map((g) => ({
    label: g.label,
    options: g.options.flatMap((o) => {
      const value = field.people ? (ctx.directory?.addressOf(o.value) ?? null) : o.value;
      return value === null ? [] : [option(o.label, value)];
    }),
  }));
  if (field.people) {
    return {
      type: "static_select",
      action_id: inputActionId,
      option_groups: optionGroups(groups, partLabel),
    };
  }
  const options = groups.flatMap((g) => g.options);
  const initial = options.find((o) => o.value === field.initial);
  const initialOption = initial === undefined ? {} : { initial_option: initial };
  if (options.length <= slackLimits.options) {
    return { type: "static_select", action_id: inputActionId, options, ...initialOption };
  }
  const label = field.groups[0]?.label ?? field.label;
  return {
    type: "static_select",
    action_id: inputActionId,
    option_groups: optionGroups([{ label, options }], partLabel),
    ...initialOption,
  };
}

/** A modal that only tells something: a private answer where no ephemeral message can go. */
export function buildNoticeModal(
  org: Org,
  message: { text: string; blocks?: KnownBlock[] },
): ModalView {
  const words = catalog(org.locale).chat.forms;
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
