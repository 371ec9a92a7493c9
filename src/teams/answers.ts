/**
 * The app's neutral interaction results as Teams answers: cards for the person's 1:1 chat, and
 * the bodies of the invoke responses (a dialog shown again, a dialog closed on one line, the one
 * line a card button answers with). Rendering only: who may do what was decided by the use case.
 */
import type { RefusalResult } from "../app/interactions.ts";
import type { FormValues } from "../chat/submission.ts";
import { plainSummary } from "../chat/views/bomb-lists.ts";
import type { FormBlock, FormSpec } from "../chat/views/forms.ts";
import { cutText } from "../chat/views/text.ts";
import type { PersonId } from "../core/org.ts";
import { catalog } from "../i18n/catalog.ts";
import { teamsCatalog } from "../i18n/teams-catalog.ts";
import { type AdaptiveCard, adaptiveCard, textBlock } from "./cards/adaptive.ts";
import { buildHelpCard, buildStatusCard } from "./cards/answer-cards.ts";
import { FALLBACK_MAX } from "./cards/bomb-card.ts";
import type { CardContext } from "./cards/context.ts";
import {
  buildFormDialog,
  type DialogContinue,
  dialogContinue,
  type FormErrors,
} from "./cards/form-card.ts";
import { escapeTeamsMarkdown } from "./cards/markup.ts";

/** A dialog closed with one line (`task/submit`, or a `task/fetch` with nothing to fill). */
export interface DialogMessage {
  task: { type: "message"; value: string };
}

/** The answer to an `Action.Execute`: one line Teams shows the person who clicked. */
export interface ExecuteMessage {
  statusCode: 200;
  type: "application/vnd.microsoft.activity.message";
  value: string;
}

/** A dialog that closes on `line`. */
export function dialogMessage(line: string): DialogMessage {
  return { task: { type: "message", value: line } };
}

/** The one line an `Action.Execute` answers with. */
export function executeMessage(line: string): ExecuteMessage {
  return { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: line };
}

/** A card of one line, in the person's chat (the "working" line of slow work, a failure). */
export function lineCard(line: string): AdaptiveCard {
  return adaptiveCard(cutText(line, FALLBACK_MAX), [textBlock(escapeTeamsMarkdown(line))]);
}

/** The help, with what was not understood above it when something was not. */
export function helpCard(ctx: CardContext, problem: string | null): AdaptiveCard {
  const card = buildHelpCard(ctx.org.locale);
  if (problem === null) return card;
  const said = textBlock(escapeTeamsMarkdown(problem), { color: "attention" });
  return { ...card, body: [said, ...card.body] };
}

/** Why nothing changed, and the bomb as it now stands when there is one. */
export function refusalCard(result: RefusalResult, ctx: CardContext): AdaptiveCard {
  if (result.bomb === null) return lineCard(result.sentence ?? "");
  const status = buildStatusCard(result.bomb, ctx);
  if (result.sentence === null) return status;
  const said = textBlock(escapeTeamsMarkdown(result.sentence), { weight: "bolder" });
  const fallback = cutText(`${result.sentence} ${status.fallbackText}`, FALLBACK_MAX);
  return { ...status, fallbackText: fallback, body: [said, ...status.body] };
}

/** The refusal as a dialog: private to the person who clicked, closed when read. */
export function refusalDialog(result: RefusalResult, ctx: CardContext): DialogContinue {
  const title = teamsCatalog(ctx.org.locale).answers.refusedTitle;
  return dialogContinue({ title, card: refusalCard(result, ctx) });
}

/** The refusal as one line (a card button's answer). */
export function refusalLine(result: RefusalResult, ctx: CardContext): string {
  if (result.sentence !== null) return result.sentence;
  const intro = catalog(ctx.org.locale).chat.status.intro;
  return `${intro} ${plainSummary(result.bomb, ctx)}`;
}

/**
 * The form's dialog shown again after a refused submission: what the person typed kept in its
 * inputs, the errors under them.
 */
export function formDialogAgain(
  spec: FormSpec,
  typed: FormValues,
  errors: FormErrors,
  ctx: CardContext,
  dialogKey?: string,
): DialogContinue {
  const blocks = spec.blocks.map((block): FormBlock => {
    if (block.type !== "field") return block;
    const value = typed[block.field.name];
    if (value === undefined || value === null) return block;
    return { type: "field", field: { ...block.field, initial: value as PersonId } };
  });
  return dialogContinue(buildFormDialog({ ...spec, blocks }, ctx, errors, dialogKey));
}

/** The form's dialog, named `dialogKey` (see `buildFormDialog`). */
export function formDialog(spec: FormSpec, ctx: CardContext, dialogKey?: string): DialogContinue {
  return dialogContinue(buildFormDialog(spec, ctx, {}, dialogKey));
}
