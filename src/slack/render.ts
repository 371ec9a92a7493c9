/**
 * Renders outbox rows with the Block Kit builders: a bomb's DM from the bomb as it stands now, the
 * jobs' digest and report from the data loaded at delivery.
 */
import type { Directory } from "../app/directory.ts";
import type { Services } from "../app/services.ts";
import type { ChatContent } from "../chat/port.ts";
import type { BlockContext } from "./blocks/bomb-facts.ts";
import { buildBombMessage, type SlackMessage } from "./blocks/bomb-message.ts";
import { buildDigest } from "./blocks/digest.ts";
import { buildReportMessages } from "./blocks/report.ts";
import type { RenderMessage } from "./slack-sender.ts";

/** A renderer over the live services and directory (both may change on an org reload). */
export function messageRenderer(
  svc: Services,
  directory: () => Directory,
  now: () => number = Date.now,
): RenderMessage {
  return (input) =>
    buildBombMessage(input, {
      org: svc.org,
      calendar: svc.calendar,
      directory: directory(),
      now: now(),
    });
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
