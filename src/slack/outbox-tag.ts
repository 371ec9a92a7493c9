/**
 * Every message the bot posts carries its outbox row in Slack's message metadata. When a post's
 * outcome is unknown (the process died between Slack's answer and the row being marked sent, or
 * the call got no answer), the conversation's recent history is read for that tag before the row
 * is posted again: a message found is recorded as sent, where it landed. Slack has no
 * idempotency key for posting; this is what stands in for one.
 */
import type { MessageMetadata } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import type { MessageTag } from "../chat/port.ts";
import { platformErrorOf } from "./web-client.ts";

/** The metadata `event_type` of the bot's messages (letters, digits, `_` and `-` only). */
export const outboxEventType = "bomba_outbox";

/** Messages a look-up reads per `conversations.history` page. */
export const historyPageSize = 100;

/**
 * Pages a look-up reads at most: the message sought was posted moments before the attempt that
 * looks for it, so only what the bot and the person wrote since can lie on top of it.
 */
export const historyPages = 3;

/**
 * The tag a row's message carries; with `part` for each message of a content posted in several
 * (a long digest), so that an attempt cut short posts only the parts that are missing.
 */
export function outboxTag(tag: MessageTag, part?: number): MessageMetadata {
  return {
    event_type: outboxEventType,
    event_payload: {
      outbox_id: tag.rowId,
      dedupe_key: tag.key,
      ...(part === undefined ? {} : { part }),
    },
  };
}

/** Which part of its row's content a tagged message is: 1 when it says none. */
export function taggedPart(message: unknown): number {
  const part = (message as { metadata?: { event_payload?: { part?: unknown } } })?.metadata
    ?.event_payload?.part;
  return typeof part === "number" && Number.isInteger(part) && part > 0 ? part : 1;
}

/** True when a message read back from Slack carries `tag`. */
export function carriesTag(message: unknown, tag: MessageTag): boolean {
  const metadata = (message as { metadata?: { event_type?: unknown; event_payload?: unknown } })
    ?.metadata;
  if (metadata?.event_type !== outboxEventType) return false;
  const payload = metadata.event_payload as { outbox_id?: unknown; dedupe_key?: unknown } | null;
  // Both: a database restored from a backup hands out ids again, never with the same key.
  return payload?.outbox_id === tag.rowId && payload?.dedupe_key === tag.key;
}

/** A message as `conversations.history` returns it, as far as look-ups read it. */
export interface HistoryMessage {
  ts?: string;
  user?: string;
  bot_id?: string;
  metadata?: unknown;
  files?: { name?: string }[];
}

/**
 * The messages of `channel`, newest first (only what is newer than `oldest`, when given), at most
 * `historyPages` pages. Throws what the Web API throws.
 */
async function* recentHistory(
  client: WebClient,
  channel: string,
  oldest?: string,
): AsyncGenerator<HistoryMessage> {
  let cursor: string | undefined;
  for (let page = 0; page < historyPages; page++) {
    const answer = await client.conversations.history({
      channel,
      limit: historyPageSize,
      include_all_metadata: true,
      ...(oldest === undefined ? {} : { oldest }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const message of answer.messages ?? []) yield message as HistoryMessage;
    cursor = answer.response_metadata?.next_cursor || undefined;
    if (answer.has_more !== true || cursor === undefined) return;
  }
}

/**
 * The newest message of `channel` that `matches`, reading its history newest first (only what
 * is newer than `oldest`, when given), at most `historyPages` pages; null when none does.
 * Throws what the Web API throws.
 */
export async function findInHistory(
  client: WebClient,
  channel: string,
  matches: (message: HistoryMessage) => boolean,
  oldest?: string,
): Promise<{ channel: string; ts: string } | null> {
  for await (const message of recentHistory(client, channel, oldest)) {
    if (message.ts !== undefined && matches(message)) return { channel, ts: message.ts };
  }
  return null;
}

/**
 * Every message of `channel` carrying `tag`, by part (the newest of each), reading its
 * history newest first, at most `historyPages` pages. Throws what the Web API throws.
 */
export async function findTaggedParts(
  client: WebClient,
  channel: string,
  tag: MessageTag,
): Promise<Map<number, { channel: string; ts: string }>> {
  const found = new Map<number, { channel: string; ts: string }>();
  for await (const message of recentHistory(client, channel)) {
    if (message.ts === undefined || !carriesTag(message, tag)) continue;
    const part = taggedPart(message);
    if (!found.has(part)) found.set(part, { channel, ts: message.ts });
  }
  return found;
}

/**
 * True when a look-up failed in a way that waiting will not mend: the app lacks the scope to
 * read the history (installed before it needed it), or Slack refuses that conversation. The
 * message is then posted without looking: once more at worst, never lost.
 */
export function cannotLook(error: unknown): boolean {
  const code = platformErrorOf(error);
  if (code === null) return false;
  return code === "missing_scope" || lookUpRefusals.has(code);
}

// Refusals of conversations.history / users.conversations that no retry changes.
const lookUpRefusals = new Set([
  "channel_not_found",
  "not_in_channel",
  "invalid_cursor",
  "invalid_arguments",
  "invalid_ts_latest",
  "invalid_ts_oldest",
  "method_deprecated",
  "not_allowed_token_type",
]);
