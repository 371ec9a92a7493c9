/**
 * The daily digest as Slack messages: a header with the date (and "(tarde)" when posted late),
 * a summary, then each department with its bombs, most urgent first. A long digest is split over
 * as many messages as it needs, each within Slack's 50 blocks and 3,000 characters a section,
 * so it is never refused for size. Pure.
 */
import type { KnownBlock } from "@slack/types";
import type { DigestData, DigestEntry } from "../../app/digest.ts";
import { formatIsoDate } from "../../i18n/fill.ts";
import {
  type BlockContext,
  deadlineText,
  formatInstant,
  personName,
  wordsOf,
} from "./bomb-facts.ts";
import type { SlackMessage } from "./bomb-message.ts";
import {
  context,
  cutText,
  escapeMrkdwn,
  fallbackTextLimit,
  header,
  mrkdwnText,
  packLines,
  section,
  slackLimits,
} from "./kit.ts";

/** How a digest is posted. */
export interface DigestOptions {
  /** Posted after its day (the bot was down at digest time): the header says so. */
  late?: boolean;
}

// Header, summary (first message) and footer (last message) around the content of each message.
const contentPerMessage = slackLimits.blocksPerMessage - 3;
const nameMax = 60;
const customerMax = 150;

/**
 * The digest as one or more messages. People appear by name, never as mentions: a channel post
 * that pinged every holder every morning would teach everyone to mute it.
 */
export function buildDigest(
  data: DigestData,
  ctx: BlockContext,
  options: DigestOptions = {},
): SlackMessage[] {
  const words = wordsOf(ctx).reports.digest;
  const at = { ...ctx, now: data.at };
  const summary = words.summary({ total: data.total, overdue: data.overdue });
  const pages: KnownBlock[][] = [[]];
  if (data.departments.length === 0) pages[0]?.push(section(words.empty));
  for (const department of data.departments) {
    const heading = section(
      words.department({
        name: escapeMrkdwn(cutText(department.name, nameMax)),
        count: department.entries.length,
        overdue: department.overdue,
      }),
    );
    const lines = department.entries.map((entry) => entryText(entry, at));
    const chunks = packLines(lines, slackLimits.sectionText);
    let page = pages[pages.length - 1] ?? [];
    // A heading never ends a page alone; a department carried over repeats its heading.
    if (page.length + 2 > contentPerMessage) page = newPage(pages);
    page.push(heading);
    for (const chunk of chunks) {
      if (page.length + 1 > contentPerMessage) {
        page = newPage(pages);
        page.push(heading);
      }
      page.push(section(chunk));
    }
  }
  const late = options.late === true ? ` ${words.late}` : "";
  const baseTitle = words.title({ date: formatIsoDate(at, data.date) }) + late;
  return pages.map((content, i) => {
    const part = pages.length > 1 ? ` ${words.part({ part: i + 1, parts: pages.length })}` : "";
    const title = baseTitle + part;
    const blocks: KnownBlock[] = [header(title)];
    if (i === 0) blocks.push(context([escapeMrkdwn(summary)]));
    blocks.push(...content);
    if (i === pages.length - 1) blocks.push(context([escapeMrkdwn(words.footer)]));
    return { text: cutText(escapeMrkdwn(`${title}: ${summary}`), fallbackTextLimit), blocks };
  });
}

/** "lun, 23 nov, 18:00 (en 3 días laborables)", from the days the digest already counted. */
function deadlineOf(entry: DigestEntry, ctx: BlockContext): string {
  const words = wordsOf(ctx);
  const { relative } = words.slack;
  const n = entry.workingDaysLeft;
  // Zero working days has its own wording (today, overdue today, calendar days): ask bomb-facts.
  if (n === 0) return deadlineText(ctx, entry.dueAt);
  const span = words.words.workingDays(Math.abs(n));
  const when = formatInstant(ctx, entry.dueAt);
  return `${when} (${n > 0 ? relative.future(span) : relative.past(span)})`;
}

function newPage(pages: KnownBlock[][]): KnownBlock[] {
  const page: KnownBlock[] = [];
  pages.push(page);
  return page;
}

/** "🔴 *#12 · Cliente* · _sin contestar_" then "Nacho → Luis · responder: … · 2 reenvíos". */
function entryText(entry: DigestEntry, ctx: BlockContext): string {
  const words = wordsOf(ctx).reports.digest;
  const marker = entry.overdue ? "🔴" : entry.workingDaysLeft <= 1 ? "🟠" : "⚪";
  const customer = mrkdwnText(entry.customer.replace(/\s+/g, " "), customerMax);
  const first = `${marker} *#${entry.id} · ${customer}* · _${words.states[entry.state]}_`;
  const path = entry.path
    .map((p) => escapeMrkdwn(cutText(personName(ctx.org, p), nameMax)))
    .join(" → ");
  const parts = [path, `${words.due[entry.state]}: ${deadlineOf(entry, ctx)}`];
  if (entry.forwards > 0) parts.push(words.forwards({ count: entry.forwards }));
  return `${first}\n${parts.join(" · ")}`;
}
