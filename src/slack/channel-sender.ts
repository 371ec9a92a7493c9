/**
 * Delivers the jobs' outbox rows (`jobKinds`: the digest, the report and its files) through the
 * Web API. They are about no bomb: a message goes to a channel named as the org file writes it
 * ("#fidelizacion") or by DM to a person; the report's CSV and charts are drawn again at
 * delivery from the quarter named in the row and uploaded with `files.uploadV2` into the
 * conversation where the report's message landed.
 *
 * A row whose last attempt's outcome is unknown is looked for before it goes again: a message by
 * its tag in the conversation's history (a channel named "#name" is found by its id: where the
 * bot posted before, else among the channels it is in); the report's files, which cannot carry
 * metadata, as the bot's message sharing files of the same names after the report's message.
 */
import type { KnownBlock } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import * as z from "zod";
import type { Sender, SendOutcome } from "../app/deliver.ts";
import type { Directory } from "../app/directory.ts";
import { jobKinds } from "../app/jobs.ts";
import { loadQuarterlyReport } from "../app/quarterly-report.ts";
import type { Services } from "../app/services.ts";
import { channelOfKey, isChannelKey } from "../core/org.ts";
import { quarterNamed } from "../core/quarter.ts";
import { type ReportFile, renderReportFile, reportFileSpec } from "../report/files.ts";
import { type OutboxRow, outcomeUnknown } from "../store/store.ts";
import {
  cannotLook,
  carriesTag,
  findInHistory,
  type HistoryMessage,
  outboxTag,
} from "./outbox-tag.ts";
import { mayHaveActed, outcomeOfFailure } from "./web-client.ts";

/** What the channel sender needs: the services (store, org), who is who in Slack, the clock. */
export interface ChannelSenderDeps {
  svc: Services;
  directory: () => Directory;
  now?: () => number;
}

/** Sends the rows of the jobs' kinds. */
export interface ChannelSender {
  /** True for the outbox kinds this sender delivers. */
  handles(kind: string): boolean;
  /** Posts the row's message, or uploads the row's files. */
  send(row: OutboxRow): Promise<SendOutcome>;
}

const postParams = z.object({
  text: z.string(),
  blocks: z.array(z.looseObject({ type: z.string() })),
});

const filesParams = z.object({
  quarter: z.string(),
  files: z.array(reportFileSpec).min(1),
  messageKey: z.string().min(1),
});

// Drawing the report again for every recipient of one delivery round would be wasted work.
const reportCacheMs = 10 * 60_000;

// `users.conversations`, to find a channel's id by its name: the bot's own channels, a few pages.
const channelPageSize = 200;
const channelPages = 5;

/** True for a channel as the org file may name it: "#name", or a channel id. */
export function isChannelName(recipient: string): boolean {
  return recipient.startsWith("#") || /^[CG][A-Z0-9]{2,}$/.test(recipient);
}

/** A sender for the jobs' rows over the Web API client. */
export function channelSender(client: WebClient, deps: ChannelSenderDeps): ChannelSender {
  const now = deps.now ?? Date.now;
  const dmChannels = new Map<string, string>();
  /** Channel ids by name, lower case, without "#". */
  const channelIds = new Map<string, string>();
  let bot: { user: string; botId: string | null } | null = null;
  let cached: { quarter: string; at: number; files: Map<string, ReportFile> } | null = null;

  /**
   * The conversation to post in: for a channel key, the channel as the org file names it now;
   * for a person, the DM with them. Null when there is none.
   */
  async function conversationOf(recipient: string): Promise<string | null> {
    if (isChannelKey(recipient)) return channelOfKey(deps.svc.org, recipient);
    const userId = deps.directory().addressOf(recipient);
    if (userId === null) return null;
    const known = dmChannels.get(userId);
    if (known !== undefined) return known;
    const opened = await client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error("conversations.open returned no channel");
    dmChannels.set(userId, channel);
    return channel;
  }

  /**
   * The id of the conversation a row posts to: as it is, or for a "#name" the channel where the
   * bot posted to that name before, else the one of that name among the channels it is in. Null
   * when it is in none: it cannot have posted there.
   */
  async function conversationIdOf(conversation: string, recipient: string): Promise<string | null> {
    if (!conversation.startsWith("#")) return conversation;
    const name = conversation.slice(1).toLowerCase();
    const known = channelIds.get(name) ?? (await deps.svc.store.channelLandedFor(recipient));
    if (known !== null && known !== undefined) {
      channelIds.set(name, known);
      return known;
    }
    let cursor: string | undefined;
    for (let page = 0; page < channelPages; page++) {
      const answer = await client.users.conversations({
        types: "public_channel,private_channel",
        exclude_archived: true,
        limit: channelPageSize,
        ...(cursor === undefined ? {} : { cursor }),
      });
      const found = (answer.channels ?? []).find((c) => c.name?.toLowerCase() === name);
      if (found?.id !== undefined) {
        channelIds.set(name, found.id);
        return found.id;
      }
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (cursor === undefined) return null;
    }
    return null;
  }

  /** Runs a look-up; a look-up that cannot be made (`cannotLook`) finds nothing. */
  async function lookUp<T>(find: () => Promise<T | null>): Promise<T | null> {
    try {
      return await find();
    } catch (error) {
      if (cannotLook(error)) return null;
      throw error;
    }
  }

  async function post(row: OutboxRow): Promise<SendOutcome> {
    const params = postParams.safeParse(row.params);
    if (!params.success) return { type: "permanent", error: "bad_params" };
    // Until Slack says otherwise, an earlier attempt may have posted this row already.
    let unknown = outcomeUnknown(row);
    let posting = false;
    try {
      const channel = await conversationOf(row.recipient);
      if (channel === null) {
        const error = isChannelKey(row.recipient) ? "no_channel" : "no_slack_user";
        return { type: "permanent", error };
      }
      if (unknown) {
        const found = await lookUp(async () => {
          const id = await conversationIdOf(channel, row.recipient);
          return id === null ? null : findInHistory(client, id, (m) => carriesTag(m, row));
        });
        if (found !== null) return { type: "sent", landed: found };
        unknown = false;
      }
      posting = true;
      const posted = await client.chat.postMessage({
        channel,
        text: params.data.text,
        blocks: params.data.blocks as KnownBlock[],
        unfurl_links: false,
        metadata: outboxTag(row),
      });
      const ts = posted.ts;
      return { type: "sent", landed: ts ? { channel: posted.channel ?? channel, ts } : null };
    } catch (error) {
      return outcomeOfFailure(error, posting ? mayHaveActed(error) : unknown);
    }
  }

  /** Who the bot is in Slack: its user (its file shares are posted as it) and its bot id. */
  async function whoAmI(): Promise<{ user: string; botId: string | null }> {
    if (bot === null) {
      const who = await client.auth.test();
      if (typeof who.user_id !== "string") throw new Error("auth.test returned no user_id");
      bot = { user: who.user_id, botId: typeof who.bot_id === "string" ? who.bot_id : null };
    }
    return bot;
  }

  /** True for the bot's own message sharing every file named in `names`. */
  function sharesAll(
    message: HistoryMessage,
    names: readonly string[],
    me: { user: string; botId: string | null },
  ): boolean {
    const mine = message.user === me.user || (me.botId !== null && message.bot_id === me.botId);
    if (!mine) return false;
    const shared = new Set((message.files ?? []).map((f) => f.name));
    return names.every((name) => shared.has(name));
  }

  async function filesOf(
    quarterId: string,
    specs: z.infer<typeof filesParams>["files"],
  ): Promise<ReportFile[]> {
    const at = now();
    if (cached === null || cached.quarter !== quarterId || at - cached.at > reportCacheMs) {
      cached = { quarter: quarterId, at, files: new Map() };
    }
    const quarter = quarterNamed(quarterId, deps.svc.calendar.zone);
    if (quarter === null) throw new Error(`not a quarter: ${quarterId}`);
    const files = cached.files;
    let report: Awaited<ReturnType<typeof loadQuarterlyReport>> | null = null;
    const out: ReportFile[] = [];
    for (const spec of specs) {
      const key = JSON.stringify(spec);
      const known = files.get(key);
      if (known !== undefined) {
        out.push(known);
        continue;
      }
      report ??= await loadQuarterlyReport(deps.svc, quarter);
      const file = await renderReportFile(report, spec, deps.svc.org);
      files.set(key, file);
      out.push(file);
    }
    return out;
  }

  async function upload(row: OutboxRow): Promise<SendOutcome> {
    const params = filesParams.safeParse(row.params);
    if (!params.success) return { type: "permanent", error: "bad_params" };
    if (quarterNamed(params.data.quarter, deps.svc.calendar.zone) === null) {
      return { type: "permanent", error: "bad_params" };
    }
    // The files go where the report's message landed (its channel id, or the DM's).
    const landing = await deps.svc.store.messageLanding(params.data.messageKey);
    if (landing === null) return { type: "permanent", error: "report_message_missing" };
    if (landing.status === "failed") return { type: "permanent", error: "report_message_failed" };
    if (landing.channel === null) return { type: "transient", error: "waiting_for_report_message" };
    const channel = landing.channel;
    let unknown = outcomeUnknown(row);
    let posting = false;
    try {
      const files = await filesOf(params.data.quarter, params.data.files);
      if (unknown) {
        // An upload carries no metadata: the bot's share of these very files after the
        // report's message, in its conversation, is this row's (one files row per recipient).
        const names = files.map((f) => f.filename);
        const found = await lookUp(async () => {
          const me = await whoAmI();
          const after = landing.ts ?? undefined;
          return findInHistory(client, channel, (m) => sharesAll(m, names, me), after);
        });
        if (found !== null) return { type: "sent", landed: null };
        unknown = false;
      }
      posting = true;
      await client.files.uploadV2({
        channel_id: channel,
        file_uploads: files.map((f) => ({ file: f.content, filename: f.filename, title: f.title })),
      });
      return { type: "sent", landed: null };
    } catch (error) {
      return outcomeOfFailure(error, posting ? mayHaveActed(error) : unknown);
    }
  }

  return {
    handles: (kind) =>
      kind === jobKinds.digest || kind === jobKinds.report || kind === jobKinds.reportFiles,
    send: (row) => (row.kind === jobKinds.reportFiles ? upload(row) : post(row)),
  };
}

/** A `Sender` that hands the jobs' rows to `channel` and every other row to `base`. */
export function withChannelKinds(base: Sender, channel: ChannelSender): Sender {
  return {
    send: (row, bomb) => (channel.handles(row.kind) ? channel.send(row) : base.send(row, bomb)),
    refresh: (bomb, landed) => base.refresh(bomb, landed),
    ...(base.find === undefined ? {} : { find: base.find }),
  };
}
