/**
 * `/bomba` and its subcommands. Acks at once; replies are ephemeral. The digest and the report
 * are built after the ack and answered through `respond`.
 */
import type { App } from "@slack/bolt";
import { loadDigest } from "../../app/digest.ts";
import { loadQuarterlyReport } from "../../app/quarterly-report.ts";
import { isLoyaltyManager } from "../../core/org.ts";
import { quarterJustEnded, quarterNamed } from "../../core/quarter.ts";
import { maySee } from "../../core/roles.ts";
import { type Catalog, catalog } from "../../i18n/catalog.ts";
import type { BombFilter } from "../../store/store.ts";
import type { SlackMessage } from "../blocks/bomb-message.ts";
import { buildBombDetail, buildBombList, buildHelp, listRoom } from "../blocks/bomb-status.ts";
import { buildDigest } from "../blocks/digest.ts";
import { buildOpenModal } from "../blocks/modals.ts";
import { buildReportMessages } from "../blocks/report.ts";
import { describeCommandProblem, parseCommandText } from "../command-text.ts";
import { personFor, renderContext, type SlackDeps } from "../context.ts";
import { slashCommand } from "../ids.ts";
import { slackSurface } from "../surface.ts";

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
    const { org } = deps.svc;
    const words = catalog(org.locale);
    const person = personFor(deps, command.user_id);
    const parsed = parseCommandText(command.text);
    const ctx = renderContext(deps);
    switch (parsed.kind) {
      case "open": {
        await ack();
        await client.views.open({
          trigger_id: command.trigger_id,
          view: buildOpenModal({ org, reporterIsLoyaltyManager: isLoyaltyManager(org, person) }),
        });
        return;
      }
      case "help":
        await ack({ response_type: "ephemeral", ...buildHelp(org.locale) });
        return;
      case "list": {
        const scope = parsed.scope;
        const mine = scope === "mine" || !maySee.everything(org, person);
        const filter: BombFilter = mine
          ? { holder: person }
          : scope === "all"
            ? { all: true }
            : { department: scope.department };
        const title =
          "holder" in filter
            ? words.chat.listMine
            : "all" in filter
              ? words.chat.listAll
              : (org.departments.get(filter.department)?.name ?? filter.department);
        // Only what fits is read; the rest is counted, so a long list costs what a short one does.
        const [bombs, total] = await Promise.all([
          deps.svc.store.listOpenBombs(filter, listRoom),
          deps.svc.store.countOpenBombs(filter),
        ]);
        await ack({ response_type: "ephemeral", ...buildBombList(bombs, ctx, title, total) });
        return;
      }
      case "show": {
        const bomb = await deps.svc.store.loadBomb(parsed.id);
        if (bomb === null || !maySee.bomb(org, person, bomb)) {
          await ack({
            response_type: "ephemeral",
            text: words.reasons.not_found({ id: parsed.id }),
          });
          return;
        }
        await ack({
          response_type: "ephemeral",
          ...buildBombDetail(bomb, await deps.svc.store.loadTimeline(bomb.id), ctx, person),
        });
        return;
      }
      case "digest":
      case "report": {
        if (!maySee.everything(org, person)) {
          await ack({
            response_type: "ephemeral",
            text: words.chat.onlyInCharge(slackSurface.command),
          });
          return;
        }
        const zone = org.calendar.timezone;
        const now = deps.now();
        const quarter =
          parsed.kind === "report" && parsed.quarter !== null
            ? quarterNamed(parsed.quarter, zone)
            : quarterJustEnded(now, zone);
        if (quarter === null) {
          await ack({
            response_type: "ephemeral",
            text: words.chat.commands.bad_quarter(
              { word: String(parsed.kind === "report" ? parsed.quarter : "") },
              slackSurface.command,
            ),
          });
          return;
        }
        // Building the digest or replaying the quarter's timelines can take longer than the 3 s
        // Slack waits for the ack: ack at once with a line saying so, answer through `respond`.
        const subject = parsed.kind === "digest" ? "digest" : "report";
        await ack({
          response_type: "ephemeral",
          text: words.chat.working[subject]({ quarter: quarter.id }),
        });
        // Let the ack leave before the synchronous work holds the event loop.
        await new Promise((resolve) => setImmediate(resolve));
        try {
          const parts =
            parsed.kind === "digest"
              ? buildDigest(await loadDigest(deps.svc, now), ctx)
              : buildReportMessages(await loadQuarterlyReport(deps.svc, quarter), ctx);
          // A long digest is split, never refused: each part follows the one before it.
          for (const part of commandAnswers(parts, words)) {
            await respond({ response_type: "ephemeral", ...part });
          }
        } catch (error) {
          deps.log.error(`/bomba ${parsed.kind} failed for ${person}:`, error);
          // Never silence after the ack: the person is told, in one line, and may try again.
          await respond({
            response_type: "ephemeral",
            text: words.chat.workFailed[subject],
          }).catch((lost: unknown) => deps.log.error(`/bomba ${parsed.kind}: answer lost:`, lost));
        }
        return;
      }
      case "invalid":
        await ack({
          response_type: "ephemeral",
          ...buildHelp(org.locale),
          text: describeCommandProblem(parsed, org.locale, slackSurface.command),
        });
        return;
    }
  });
}
