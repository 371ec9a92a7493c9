/**
 * `/bomba` and its subcommands: the run-a-command use case, its answer rendered as Block Kit.
 * Replies are ephemeral. The digest and the report are built after the ack and answered through
 * `respond`.
 */
import type { App } from "@slack/bolt";
import type { SlowAnswer } from "../../app/interactions.ts";
import type { Catalog } from "../../i18n/catalog.ts";
import { type BlockContext, wordsOf } from "../blocks/bomb-facts.ts";
import type { SlackMessage } from "../blocks/bomb-message.ts";
import { buildBombDetail, buildBombList, buildHelp, buildRefusal } from "../blocks/bomb-status.ts";
import { buildDigest } from "../blocks/digest.ts";
import { renderModal } from "../blocks/modals.ts";
import { buildReportMessages } from "../blocks/report.ts";
import { personFor, renderContext, type SlackDeps, useCases } from "../context.ts";
import { slashCommand } from "../ids.ts";
import { openModal } from "../web-client.ts";

/** How many times Slack lets a command's `response_url` be used. */
export const responseUrlUses = 5;

/**
 * The messages that answer a command through its `response_url`: every part while they fit in
 * Slack's five uses; past that, the first four and a last line saying how many more there were.
 */
export function commandAnswers(
  parts: readonly SlackMessage[],
  words: Catalog,
): (SlackMessage | { text: string })[] {
  if (parts.length === 0) return [{ text: words.words.nobody }];
  if (parts.length <= responseUrlUses) return [...parts];
  const shown = parts.slice(0, responseUrlUses - 1);
  return [...shown, { text: words.chat.moreParts({ count: parts.length - shown.length }) }];
}

/** Registers the slash command. */
export function registerCommands(app: App, deps: SlackDeps): void {
  app.command(slashCommand, async ({ command, ack, client, respond }) => {
    const person = personFor(deps, command.user_id);
    const result = await useCases(deps).runCommand(person, command.text);
    const ctx = renderContext(deps);
    switch (result.kind) {
      case "form":
        await ack();
        await openModal(client, command.trigger_id, renderModal(result.form, ctx));
        return;
      case "help":
        await ack({
          response_type: "ephemeral",
          ...buildHelp(ctx.org.locale),
          ...(result.problem === null ? {} : { text: result.problem }),
        });
        return;
      case "list":
        await ack({
          response_type: "ephemeral",
          ...buildBombList(result.bombs, ctx, result.title, result.total),
        });
        return;
      case "detail":
        await ack({
          response_type: "ephemeral",
          ...buildBombDetail(result.bomb, result.timeline, ctx, result.viewer),
        });
        return;
      case "refusal":
        await ack({ response_type: "ephemeral", ...buildRefusal(result, ctx) });
        return;
      case "slow": {
        // Building the digest or replaying the quarter's timelines can take longer than the 3 s
        // Slack waits for the ack: ack at once with a line saying so, answer through `respond`.
        await ack({ response_type: "ephemeral", text: result.working });
        // Let the ack leave before the synchronous work holds the event loop.
        await new Promise((resolve) => setImmediate(resolve));
        try {
          const parts = renderSlow(await result.run(), ctx);
          // A long digest is split, never refused: each part follows the one before it.
          for (const part of commandAnswers(parts, wordsOf(ctx))) {
            await respond({ response_type: "ephemeral", ...part });
          }
        } catch (error) {
          deps.log.error(`/bomba ${result.subject} failed for ${person}:`, error);
          // Never silence after the ack: the person is told, in one line, and may try again.
          await respond({ response_type: "ephemeral", text: result.failed }).catch(
            (lost: unknown) => deps.log.error(`/bomba ${result.subject}: answer lost:`, lost),
          );
        }
        return;
      }
    }
  });
}

/** The digest or the report as the messages that answer the command. */
function renderSlow(answer: SlowAnswer, ctx: BlockContext): SlackMessage[] {
  return answer.type === "digest"
    ? buildDigest(answer.digest, ctx)
    : buildReportMessages(answer.report, ctx);
}
