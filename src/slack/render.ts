/**
 * What the Slack port renders with: the context of the Block Kit builders, and the digest and
 * report as Slack messages (a bomb's DM is `buildBombMessage`).
 */
import type { Directory } from "../app/directory.ts";
import type { Services } from "../app/services.ts";
import type { ChatContent } from "../chat/port.ts";
import type { BlockContext } from "./blocks/bomb-facts.ts";
import type { SlackMessage } from "./blocks/bomb-message.ts";
import { buildDigest } from "./blocks/digest.ts";
import { buildReportMessages } from "./blocks/report.ts";

/** What rendering needs, read anew each time: the live org and directory may change on a reload. */
export function renderContext(
  svc: Services,
  directory: () => Directory,
  now: () => number = Date.now,
): () => BlockContext {
  return () => ({ org: svc.org, calendar: svc.calendar, directory: directory(), now: now() });
}

/** A digest or a report as the Slack messages that say it, in order (long ones take several). */
export function renderPost(
  content: Extract<ChatContent, { type: "digest" | "report" }>,
  ctx: BlockContext,
): SlackMessage[] {
  return content.type === "digest"
    ? buildDigest(content.digest, ctx, { late: content.late })
    : buildReportMessages(content.report, ctx, { late: content.late });
}
