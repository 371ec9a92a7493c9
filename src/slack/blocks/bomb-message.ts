/**
 * The direct message about a bomb in Block Kit: the neutral card (`src/chat/views/bomb-message.ts`)
 * rendered within Slack's limits.
 */
import type { KnownBlock } from "@slack/types";
import { type BombCard, type BombMessageInput, bombCard } from "../../chat/views/bomb-message.ts";
import { type BlockContext, factFieldsOf, renderButtons, viewContextOf } from "./bomb-facts.ts";
import {
  actionsBlock,
  context,
  cutText,
  escapeMrkdwn,
  fallbackTextLimit,
  fieldsSection,
  header,
  mrkdwnText,
  section,
  slackLimits,
} from "./kit.ts";

export { type BombMessageInput, headlineOf } from "../../chat/views/bomb-message.ts";

/** A message ready for `chat.postMessage` / `chat.update`. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Builds the DM for one queued message, from the bomb's current state. */
export function buildBombMessage(input: BombMessageInput, ctx: BlockContext): SlackMessage {
  return renderBombCard(bombCard(input, viewContextOf(ctx)));
}

/** A neutral bomb card as Block Kit, with its plain-text fallback. */
export function renderBombCard(card: BombCard): SlackMessage {
  const blocks: KnownBlock[] = [header(card.headline)];
  if (card.bombId !== null) {
    if (card.status !== null) blocks.push(section(card.status));
    blocks.push(fieldsSection(factFieldsOf(card.facts)));
  }
  for (const quote of card.quotes) blocks.push(quotedSection(quote.label, quote.text));
  if (card.bombId !== null) {
    if (card.footer !== null) blocks.push(context([card.footer]));
    const buttons = actionsBlock(`bomba_${card.bombId}`, renderButtons(card.actions));
    if (buttons !== null) blocks.push(buttons);
  }
  const id = card.bombId === null ? "" : ` (#${card.bombId})`;
  return { text: cutText(escapeMrkdwn(card.headline) + id, fallbackTextLimit), blocks };
}

function quotedSection(label: string, raw: string): KnownBlock {
  const title = `*${escapeMrkdwn(label)}*\n`;
  return section(title + mrkdwnText(raw, slackLimits.sectionText - title.length, { quote: true }));
}
