/**
 * The direct message about a bomb as an Adaptive Card: the neutral card
 * (`src/chat/views/bomb-message.ts`) with its facts as a FactSet, each text of a person's in a
 * set-apart container, and its actions as buttons. A button that needs a form opens it as a
 * dialog (`Action.Submit` with `msteams.type` `task/fetch`); one that needs none (dismiss a
 * report) invokes the bot at once (`Action.Execute`).
 */
import { actions as actionIds } from "../../chat/ids.ts";
import type { BombAction } from "../../chat/views/bomb-facts.ts";
import { type BombCard, type BombMessageInput, bombCard } from "../../chat/views/bomb-message.ts";
import { cutText } from "../../chat/views/text.ts";
import {
  type AdaptiveCard,
  adaptiveCard,
  CARD_BYTE_LIMIT,
  type CardAction,
  type CardElement,
  jsonBytes,
  textBlock,
} from "./adaptive.ts";
import { type CardContext, viewContextOf } from "./context.ts";
import { escapeTeamsMarkdown, paragraphs } from "./markup.ts";

/** A fallback text's most characters (what a notification or an old client shows). */
export const FALLBACK_MAX = 300;
/** The longest a person's text is shown before the card must shorten it to fit. */
const QUOTE_STEPS = [3000, 1500, 600, 200] as const;

/** The actions that invoke the bot at once, with no form. */
const withoutForm: ReadonlySet<string> = new Set([actionIds.triageDismiss]);

/**
 * The card for one queued message, from the bomb's current state, within `limit` bytes (less
 * than the usual when Teams refused a card as too big).
 */
export function buildBombCard(
  input: BombMessageInput,
  ctx: CardContext,
  limit: number = CARD_BYTE_LIMIT,
): AdaptiveCard {
  return renderBombCard(bombCard(input, viewContextOf(ctx)), limit);
}

/**
 * A neutral bomb card as an Adaptive Card under the size limit: people's texts are shown whole
 * (up to 3,000 characters each) unless the card would not fit, then shortened step by step.
 */
export function renderBombCard(card: BombCard, limit: number = CARD_BYTE_LIMIT): AdaptiveCard {
  let rendered = renderWithin(card, QUOTE_STEPS[0]);
  for (const max of QUOTE_STEPS.slice(1)) {
    if (jsonBytes(rendered) <= limit) break;
    rendered = renderWithin(card, max);
  }
  return rendered;
}

function renderWithin(card: BombCard, quoteMax: number): AdaptiveCard {
  const body: CardElement[] = [
    textBlock(escapeTeamsMarkdown(card.headline), { size: "medium", weight: "bolder" }),
  ];
  if (card.bombId !== null) {
    if (card.status !== null) body.push(textBlock(paragraphs(card.status)));
    if (card.facts.length > 0) {
      body.push({
        type: "FactSet",
        facts: card.facts.map((fact) => ({
          title: escapeTeamsMarkdown(fact.label),
          value:
            "raw" in fact
              ? escapeTeamsMarkdown(cutText(fact.raw.replace(/\s+/g, " ").trim(), 500))
              : paragraphs(fact.value),
        })),
      });
    }
  }
  for (const quote of card.quotes) body.push(quoteContainer(quote.label, quote.text, quoteMax));
  if (card.bombId !== null && card.footer !== null) {
    body.push(textBlock(paragraphs(card.footer), { size: "small", isSubtle: true }));
  }
  const id = card.bombId === null ? "" : ` (#${card.bombId})`;
  const fallback = cutText(card.headline.replace(/\s+/g, " "), FALLBACK_MAX - id.length) + id;
  return adaptiveCard(fallback, body, card.actions.map(cardAction));
}

/** A labelled text of a person's, set apart, cut to `max` characters. */
export function quoteContainer(label: string, raw: string, max: number): CardElement {
  return {
    type: "Container",
    style: "emphasis",
    items: [
      textBlock(escapeTeamsMarkdown(label), { weight: "bolder", size: "small" }),
      textBlock(escapeTeamsMarkdown(cutText(raw.trim(), max)), { spacing: "small" }),
    ],
  };
}

/** A bomb action as a card button: a dialog for a form, a direct invoke otherwise. */
export function cardAction(action: BombAction): CardAction {
  const style: "positive" | "destructive" | undefined =
    action.style === "primary" ? "positive" : action.style === "danger" ? "destructive" : undefined;
  const styled: { style?: "positive" | "destructive" } = style === undefined ? {} : { style };
  if (withoutForm.has(action.id)) {
    return {
      type: "Action.Execute",
      title: action.label,
      verb: action.id,
      data: { bombId: action.bombId },
      ...styled,
    };
  }
  return {
    type: "Action.Submit",
    title: action.label,
    data: { msteams: { type: "task/fetch" }, action: action.id, bombId: action.bombId },
    ...styled,
  };
}
