/**
 * A form of the interaction contract (`src/chat/views/forms.ts`) as the Adaptive Card of a Teams
 * dialog: each input's `id` is the contract's input name, so the `task/submit` invoke carries
 * `{action, bombId, <input>: <value>…}`; an error stands under its field when the dialog is
 * answered again after a bad submission. People pickers search the tenant through Teams
 * (`Data.Query` over `graph.microsoft.com/users`) and give Entra object ids; the forward
 * target is a static choice whose values are person ids.
 */
import type { InputName } from "../../chat/ids.ts";
import { personName } from "../../chat/views/bomb-facts.ts";
import type { FormBlock, FormField, FormSpec } from "../../chat/views/forms.ts";
import { cutText } from "../../chat/views/text.ts";
import { teamsCatalog } from "../../i18n/teams-catalog.ts";
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  type AdaptiveCard,
  adaptiveCard,
  CARD_BYTE_LIMIT,
  type CardElement,
  type ChoiceSetInput,
  jsonBytes,
  textBlock,
} from "./adaptive.ts";
import { quoteContainer } from "./bomb-card.ts";
import type { CardContext } from "./context.ts";
import { escapeTeamsMarkdown, paragraphs } from "./markup.ts";

/** A dialog: its title and its card. */
export interface Dialog {
  title: string;
  card: AdaptiveCard;
}

/** Why inputs were refused, by input name, in the org's language (plain text). */
export type FormErrors = Partial<Record<InputName, string>>;

/** How a dialog answers a `task/fetch` or a refused `task/submit`: shown (again). */
export interface DialogContinue {
  task: {
    type: "continue";
    value: { title: string; card: { contentType: string; content: AdaptiveCard } };
  };
}

// A choice's title is cut to this; long enough for "Name · Title" and a group's name.
const CHOICE_TITLE_MAX = 120;

/**
 * The dialog for a form, with `errors` under their fields. `dialogKey` names this dialog: its
 * submit button sends it back, so that one dialog submitted twice is known as one submission.
 */
export function buildFormDialog(
  spec: FormSpec,
  ctx: Pick<CardContext, "org" | "teamsUserOf">,
  errors: FormErrors = {},
  dialogKey?: string,
): Dialog {
  let card = renderForm(spec, ctx, errors, CHOICE_TITLE_MAX, dialogKey);
  // Hundreds of forward targets: shorter titles before anything else gives.
  for (const max of [60, 30]) {
    if (jsonBytes(card) <= CARD_BYTE_LIMIT) break;
    card = renderForm(spec, ctx, errors, max, dialogKey);
  }
  return { title: spec.title, card };
}

/** The invoke response that shows `dialog`. */
export function dialogContinue(dialog: Dialog): DialogContinue {
  return {
    task: {
      type: "continue",
      value: {
        title: dialog.title,
        card: { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: dialog.card },
      },
    },
  };
}

function renderForm(
  spec: FormSpec,
  ctx: Pick<CardContext, "org" | "teamsUserOf">,
  errors: FormErrors,
  choiceMax: number,
  dialogKey?: string,
): AdaptiveCard {
  const body: CardElement[] = [];
  for (const block of spec.blocks) body.push(...renderBlock(block, ctx, errors, choiceMax));
  // An error for no field on the form (the contract's names only) still reaches the person.
  const shown = new Set(fieldsOf(spec).map((field) => field.name));
  for (const [name, message] of Object.entries(errors)) {
    if (!shown.has(name as InputName) && message !== undefined) body.push(errorBlock(message));
  }
  const fallback = cutText(spec.title, 300);
  if (spec.submit === null) return adaptiveCard(fallback, body);
  return adaptiveCard(fallback, body, [
    {
      type: "Action.Submit",
      title: spec.submit,
      style: "positive",
      // The dialog's key comes back with every submission of it, retries included.
      data: {
        action: spec.id,
        bombId: spec.bombId,
        ...(dialogKey === undefined ? {} : { dialog: dialogKey }),
      },
    },
  ]);
}

function fieldsOf(spec: FormSpec): FormField[] {
  return spec.blocks.flatMap((block) => (block.type === "field" ? [block.field] : []));
}

function renderBlock(
  block: FormBlock,
  ctx: Pick<CardContext, "org" | "teamsUserOf">,
  errors: FormErrors,
  choiceMax: number,
): CardElement[] {
  switch (block.type) {
    case "note":
      return [textBlock(paragraphs(block.text))];
    case "bomb":
      return [
        {
          type: "Container",
          style: "emphasis",
          items: [
            textBlock(
              `**${escapeTeamsMarkdown(`#${block.id} · ${cutText(block.customer.replace(/\s+/g, " "), 150)}`)}**`,
            ),
            textBlock(escapeTeamsMarkdown(cutText(block.complaint.trim(), 500)), {
              size: "small",
              spacing: "small",
            }),
          ],
        },
      ];
    case "quote":
      return [quoteContainer(block.label, block.text, block.max)];
    case "field": {
      const error = errors[block.field.name];
      const out: CardElement[] = [renderField(block.field, ctx, error, choiceMax)];
      if (error !== undefined) out.push(errorBlock(error));
      if (block.field.hint !== undefined) {
        out.push(
          textBlock(paragraphs(block.field.hint), {
            size: "small",
            isSubtle: true,
            spacing: "small",
          }),
        );
      }
      return out;
    }
  }
}

function errorBlock(message: string): CardElement {
  return textBlock(`⚠️ ${escapeTeamsMarkdown(message)}`, { color: "attention", spacing: "small" });
}

function renderField(
  field: FormField,
  ctx: Pick<CardContext, "org" | "teamsUserOf">,
  error: string | undefined,
  choiceMax: number,
): CardElement {
  const isRequired = field.optional !== true;
  // Teams checks required inputs before submitting and shows this message under the empty one.
  const message = error ?? (isRequired ? teamsCatalog(ctx.org.locale).required : undefined);
  const base = {
    id: field.name,
    label: field.label,
    isRequired,
    ...(message === undefined ? {} : { errorMessage: message }),
  };
  switch (field.kind) {
    case "text":
      return {
        type: "Input.Text",
        ...base,
        isMultiline: field.multiline,
        maxLength: field.maxLength,
        ...(field.initial === undefined ? {} : { value: field.initial }),
      };
    case "date":
      return {
        type: "Input.Date",
        ...base,
        ...(field.initial === undefined ? {} : { value: field.initial }),
      };
    case "person": {
      const input: ChoiceSetInput = {
        type: "Input.ChoiceSet",
        ...base,
        style: "compact",
        choices: [],
        "choices.data": { type: "Data.Query", dataset: "graph.microsoft.com/users" },
      };
      // The person proposed (who opens the form) is preselected when Teams knows them.
      const initial = field.initial === undefined ? null : ctx.teamsUserOf(field.initial);
      if (field.initial !== undefined && initial !== null) {
        input.choices = [{ title: personName(ctx.org, field.initial), value: initial }];
        input.value = initial;
      }
      return input;
    }
    case "select": {
      // Adaptive Cards have no option groups: with several, each title names its group.
      const named = field.groups.length > 1;
      const choices = field.groups.flatMap((group) =>
        group.options.map((option) => ({
          title: cutText(named ? `${option.label} (${group.label})` : option.label, choiceMax),
          value: option.value,
        })),
      );
      return {
        type: "Input.ChoiceSet",
        ...base,
        style: "compact",
        choices,
        ...(field.initial === undefined ? {} : { value: field.initial }),
      };
    }
    case "radio":
      return {
        type: "Input.ChoiceSet",
        ...base,
        style: "expanded",
        choices: field.options.map((option) => ({ title: option.label, value: option.value })),
        ...(field.initial === undefined ? {} : { value: field.initial }),
      };
  }
}
