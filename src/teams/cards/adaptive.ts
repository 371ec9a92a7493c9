/**
 * The part of Adaptive Cards 1.5 the bot uses, as plain typed JSON (not `@microsoft/teams.cards`,
 * whose output is not valid 1.5), and the limits Teams puts on a card: version 1.5 (the highest
 * Teams renders), a `fallbackText` for clients that cannot render it, and under 40 KB a message.
 * No card sets `lang`: it only localises DATE()/TIME() functions, which the cards do not use, and
 * `adaptivecards` 3.0.6 checks it with a global regex that refuses every other card's value.
 */

/** The version every card declares. */
export const CARD_VERSION = "1.5";
/** Teams refuses a message over about 40 KB (413); a card stays under this many bytes of JSON. */
export const CARD_BYTE_LIMIT = 38 * 1024;
/** The content type of an Adaptive Card attachment. */
export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

/** Text sizes, weights, colours and spacings a TextBlock may take. */
export type TextSize = "small" | "default" | "medium" | "large";
/** Container styles: `emphasis` sets a quote apart; `attention` and `good` colour a band. */
export type ContainerStyle = "default" | "emphasis" | "good" | "attention" | "warning" | "accent";

/** A paragraph of Teams Markdown. */
export interface TextBlock {
  type: "TextBlock";
  text: string;
  wrap: true;
  size?: TextSize;
  weight?: "bolder";
  isSubtle?: boolean;
  color?: "attention" | "good" | "warning" | "accent";
  spacing?: "none" | "small" | "medium";
  separator?: boolean;
  id?: string;
}

/** Label/value pairs. */
export interface FactSet {
  type: "FactSet";
  facts: { title: string; value: string }[];
}

/** A group of elements, optionally set apart by a style. */
export interface Container {
  type: "Container";
  items: CardElement[];
  style?: ContainerStyle;
  spacing?: "small" | "medium";
  separator?: boolean;
}

/** A one-line text input, or a multiline one. */
export interface TextInput {
  type: "Input.Text";
  id: string;
  label: string;
  isRequired: boolean;
  isMultiline: boolean;
  maxLength: number;
  value?: string;
  errorMessage?: string;
}

/** A date picker; values are `YYYY-MM-DD`. */
export interface DateInput {
  type: "Input.Date";
  id: string;
  label: string;
  isRequired: boolean;
  value?: string;
  errorMessage?: string;
}

/** A choice: static options, or people Teams looks up (`choices.data`). */
export interface ChoiceSetInput {
  type: "Input.ChoiceSet";
  id: string;
  label: string;
  isRequired: boolean;
  style: "compact" | "expanded";
  choices: { title: string; value: string }[];
  value?: string;
  /** Teams' people picker: the client searches the tenant's directory itself. */
  "choices.data"?: { type: "Data.Query"; dataset: "graph.microsoft.com/users" };
  errorMessage?: string;
}

/** A picture the client fetches from an https URL (PNG, JPEG or GIF). */
export interface ImageElement {
  type: "Image";
  url: string;
  altText: string;
  size?: "auto" | "stretch";
  spacing?: "small" | "medium";
}

/** Any element the bot puts in a card body. */
export type CardElement =
  | TextBlock
  | FactSet
  | Container
  | TextInput
  | DateInput
  | ChoiceSetInput
  | ImageElement;

/** A button that sends its data to the bot (through a dialog when `msteams.type` is `task/fetch`). */
export interface SubmitAction {
  type: "Action.Submit";
  title: string;
  data: Record<string, unknown>;
  style?: "positive" | "destructive";
}

/** A button that invokes the bot directly (`adaptiveCard/action`) with its verb. */
export interface ExecuteAction {
  type: "Action.Execute";
  title: string;
  verb: string;
  data: Record<string, unknown>;
  style?: "positive" | "destructive";
}

/** Any action the bot puts on a card. */
export type CardAction = SubmitAction | ExecuteAction;

/** A whole card. */
export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json";
  version: typeof CARD_VERSION;
  /** What a client that cannot render the card shows, and what notifications preview. */
  fallbackText: string;
  body: CardElement[];
  actions?: CardAction[];
}

/** A card with its body, actions and fallback text. */
export function adaptiveCard(
  fallbackText: string,
  body: CardElement[],
  actions: CardAction[] = [],
): AdaptiveCard {
  const card: AdaptiveCard = {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: CARD_VERSION,
    fallbackText,
    body,
  };
  if (actions.length > 0) card.actions = actions;
  return card;
}

/** A wrapping paragraph. */
export function textBlock(text: string, options: Omit<TextBlock, "type" | "text" | "wrap"> = {}) {
  const block: TextBlock = { type: "TextBlock", text, wrap: true, ...options };
  return block;
}

/** How many bytes `value` takes as UTF-8 JSON (what Teams counts). */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}

/** The card as the attachment of a message activity. */
export function cardAttachment(card: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}
