/**
 * Block Kit primitives that stay inside Slack's limits by construction: every text that could be
 * too long is cut with "…", every user text is escaped for mrkdwn. Pure, no Slack client.
 */
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  HeaderBlock,
  MrkdwnElement,
  PlainTextElement,
  PlainTextOption,
  SectionBlock,
} from "@slack/types";
import { cutText, joinWithin } from "../../chat/views/text.ts";

/** The limits of Slack's Block Kit this app has to respect. */
export const slackLimits = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  sectionField: 2000,
  sectionFields: 10,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 75,
  options: 100,
  optionGroups: 100,
  viewTitle: 24,
  privateMetadata: 3000,
  label: 2000,
  hint: 2000,
  blockId: 255,
  actionId: 255,
} as const;

/** Longest `text` fallback we send: notifications show far less, and Slack caps it at 40,000. */
export const fallbackTextLimit = 3000;

/** Escapes the three characters mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  if (!/[&<>]/.test(text)) return text;
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export { cutText } from "../../chat/views/text.ts";

/**
 * User text as mrkdwn (escaped, optionally as a block quote) cut to `max` characters.
 * Cutting happens on the raw characters, so an escape such as `&amp;` is never split.
 */
export function mrkdwnText(raw: string, max: number, options: { quote?: boolean } = {}): string {
  const quote = options.quote ?? false;
  // What the pieces would join to, without a piece per character: most texts fit whole.
  const escaped = escapeMrkdwn(raw);
  const whole = quote ? `> ${escaped.replace(/\n/g, "\n> ")}` : escaped;
  if (whole.length <= max) return whole;
  return joinWithin(mrkdwnPieces(raw, quote), max);
}

/**
 * User text as mrkdwn split into chunks of at most `max` characters each, for the places that show
 * the whole text (`/bomba show`). A quote stays a quote across chunks.
 */
export function mrkdwnChunks(
  raw: string,
  max: number,
  options: { quote?: boolean } = {},
): string[] {
  const quote = options.quote ?? false;
  const pieces = mrkdwnPieces(raw, quote);
  const chunks: string[] = [];
  let current = "";
  for (const piece of pieces) {
    if (current.length + piece.length > max) {
      chunks.push(current);
      current = quote && !piece.startsWith("\n") ? `> ${piece}` : piece.replace(/^\n/, "");
    } else {
      current += piece;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Lines joined with newlines into as few chunks of at most `max` characters as possible. */
export function packLines(lines: readonly string[], max: number): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const line of lines) {
    const fitted = cutText(line, max);
    if (current === "") current = fitted;
    else if (current.length + 1 + fitted.length <= max) current += `\n${fitted}`;
    else {
      chunks.push(current);
      current = fitted;
    }
  }
  if (current !== "") chunks.push(current);
  return chunks;
}

/** A plain_text object, cut to `max`; an empty text becomes "—" (Slack refuses empty texts). */
export function plain(text: string, max: number = slackLimits.sectionText): PlainTextElement {
  return { type: "plain_text", text: cutText(nonEmpty(text), max), emoji: true };
}

/** A mrkdwn object from text that is already mrkdwn, cut to `max`. */
export function mrkdwn(text: string, max: number = slackLimits.sectionText): MrkdwnElement {
  return { type: "mrkdwn", text: cutText(nonEmpty(text), max) };
}

/** A header block (plain text, 150 characters at most). */
export function header(text: string): HeaderBlock {
  return { type: "header", text: plain(text, slackLimits.headerText) };
}

/** A section of mrkdwn text. */
export function section(text: string): SectionBlock {
  return { type: "section", text: mrkdwn(text) };
}

/** A section of two-column fields, each "*label*\nvalue"; extra fields past Slack's ten are dropped. */
export function fieldsSection(fields: readonly string[]): SectionBlock {
  return {
    type: "section",
    fields: fields
      .slice(0, slackLimits.sectionFields)
      .map((field) => mrkdwn(field, slackLimits.sectionField)),
  };
}

/** A context block of small mrkdwn texts. */
export function context(texts: readonly string[]): ContextBlock {
  return {
    type: "context",
    elements: texts
      .slice(0, slackLimits.contextElements)
      .map((text) => mrkdwn(text, slackLimits.contextText)),
  };
}

/** A button; its text is cut to Slack's 75 characters. */
export function button(
  actionId: string,
  text: string,
  value: string,
  style?: Button["style"],
): Button {
  const made: Button = {
    type: "button",
    action_id: actionId,
    text: plain(text, slackLimits.buttonText),
    value,
  };
  if (style !== undefined) made.style = style;
  return made;
}

/** An actions block, or null when there is nothing to click. */
export function actionsBlock(blockId: string, buttons: readonly Button[]): ActionsBlock | null {
  if (buttons.length === 0) return null;
  return {
    type: "actions",
    block_id: blockId,
    elements: buttons.slice(0, slackLimits.actionsElements),
  };
}

/** A select option; text cut to 75 characters. */
export function option(text: string, value: string): PlainTextOption {
  return { text: plain(text, slackLimits.optionText), value };
}

/** Options in groups of at most 100, at most 100 groups, each label cut to 75 characters. */
export function optionGroups(
  groups: readonly { label: string; options: readonly PlainTextOption[] }[],
  partLabel: (label: string, part: number) => string,
): { label: PlainTextElement; options: PlainTextOption[] }[] {
  const out: { label: PlainTextElement; options: PlainTextOption[] }[] = [];
  for (const group of groups) {
    const parts = Math.ceil(group.options.length / slackLimits.options);
    for (let part = 0; part < parts; part++) {
      const label = parts === 1 ? group.label : partLabel(group.label, part + 1);
      const slice = group.options.slice(
        part * slackLimits.options,
        (part + 1) * slackLimits.options,
      );
      out.push({ label: plain(label, slackLimits.optionText), options: [...slice] });
    }
  }
  return out.slice(0, slackLimits.optionGroups);
}

function nonEmpty(text: string): string {
  return text.trim() === "" ? "—" : text;
}

/** Escaped mrkdwn per raw character; a quote opens with "> " and every new line continues it. */
function mrkdwnPieces(raw: string, quote: boolean): string[] {
  const pieces = Array.from(raw, (char) => {
    if (char === "\n") return quote ? "\n> " : "\n";
    return escapeMrkdwn(char);
  });
  if (quote) pieces.unshift("> ");
  return pieces;
}
