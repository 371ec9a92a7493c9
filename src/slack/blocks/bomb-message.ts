/**
 * The direct message about a bomb. It is rendered again from the bomb as it stands after every
 * change (earlier messages are updated in place), so its facts and buttons come from the current
 * state and the recipient's role; only the headline and the kind's own texts come from the
 * message that was queued.
 */
import type { KnownBlock } from "@slack/types";
import type { Bomb } from "../../core/bomb.ts";
import type { MessageKind, Params } from "../../core/effects.ts";
import type { PersonId } from "../../core/org.ts";
import { catalog } from "../../i18n/catalog.ts";
import { fillOf } from "../../i18n/fill.ts";
import {
  type BlockContext,
  bombTexts,
  buttonsFor,
  factFields,
  footerText,
  personName,
  statusLine,
  wordsOf,
} from "./bomb-facts.ts";
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

/** One queued message: its kind (an outbox kind may be no `MessageKind`), data, bomb and recipient. */
export interface BombMessageInput {
  kind: MessageKind | (string & {});
  params: Params;
  /** The bomb as it stands now; null when the message is about no bomb (or it is gone). */
  bomb: Bomb | null;
  recipient: PersonId;
}

/** A message ready for `chat.postMessage` / `chat.update`. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Free texts a message kind carries in its params, in the order they are shown. */
const paramTexts = ["note", "solution", "plan", "reason", "error"] as const;

/** Builds the DM for one queued message, from the bomb's current state. */
export function buildBombMessage(input: BombMessageInput, ctx: BlockContext): SlackMessage {
  const { bomb } = input;
  const headline = headlineOf(input, ctx);
  const blocks: KnownBlock[] = [header(headline)];
  const shownTexts: string[] = [];
  if (bomb !== null) {
    const status = statusLine(bomb, ctx);
    if (status !== null) blocks.push(section(status));
    blocks.push(fieldsSection(factFields(bomb, ctx)));
    for (const { label, text } of bombTexts(bomb, ctx)) {
      blocks.push(quotedSection(label, text));
      shownTexts.push(text.trim());
    }
  }
  // What the message itself carries (a forward note, the solution the loyalty manager is asked to
  // check…) unless the bomb's current state already shows the same text.
  const { fields } = wordsOf(ctx).slack;
  for (const key of paramTexts) {
    const value = input.params[key];
    if (typeof value !== "string" || value.trim() === "" || shownTexts.includes(value.trim())) {
      continue;
    }
    blocks.push(quotedSection(labelOfParam(key, input.params, fields, ctx), value));
  }
  if (bomb !== null) {
    blocks.push(context([footerText(bomb, ctx)]));
    const buttons = actionsBlock(`bomba_${bomb.id}`, buttonsFor(bomb, input.recipient, ctx));
    if (buttons !== null) blocks.push(buttons);
  }
  const id = bomb === null ? "" : ` (#${bomb.id})`;
  return { text: cutText(escapeMrkdwn(headline) + id, fallbackTextLimit), blocks };
}

/** The headline of a message kind, filled with the bomb and the message's params (plain text). */
export function headlineOf(input: BombMessageInput, ctx: BlockContext): string {
  const words = wordsOf(ctx);
  const fill = {
    customer: input.bomb?.customer.replace(/\s+/g, " ") ?? "—",
    id: input.bomb?.id ?? "—",
    ...fillOf(ctx, input.params, { person: (p) => personName(ctx.org, p) }),
  };
  if (isMessageKind(input.kind)) return words.messages[input.kind](fill);
  if (input.kind === "delivery_failed") return words.slack.headlines.deliveryFailed(fill);
  if (input.kind === "bomb_stuck") return words.slack.headlines.bombStuck(fill);
  return words.slack.headlines.other(fill);
}

function quotedSection(label: string, raw: string): KnownBlock {
  const title = `*${escapeMrkdwn(label)}*\n`;
  return section(title + mrkdwnText(raw, slackLimits.sectionText - title.length, { quote: true }));
}

function labelOfParam(
  key: (typeof paramTexts)[number],
  params: Params,
  fields: ReturnType<typeof wordsOf>["slack"]["fields"],
  ctx: BlockContext,
): string {
  // A forward note is signed by whoever forwarded it.
  if (key === "note" && typeof params.from === "string") {
    return `${fields.note} · ${personName(ctx.org, params.from)}`;
  }
  return fields[key];
}

function isMessageKind(kind: string): kind is MessageKind {
  // The catalog has a headline for every MessageKind and nothing else.
  return Object.hasOwn(catalog("es").messages, kind);
}
