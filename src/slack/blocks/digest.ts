/**
 * The daily digest as Slack messages: a header with the date (and "(tarde)" when posted late),
 * a summary, then each department with its bombs, most urgent first. A long digest is split over
 * as many messages as it needs, each within Slack's 50 blocks and 3,000 characters a section,
 * so it is never refused for size. Pure.
 */
import type { KnownBlock } from "@slack/types";
import { digestDepartmentName, digestEntryText } from "../../chat/views/digest.ts";
import { formatIsoDate } from "../../i18n/fill.ts";
import type { DigestData } from "../../report/digest.ts";
import { type BlockContext, viewContextOf, wordsOf } from "./bomb-facts.ts";
import type { SlackMessage } from "./bomb-message.ts";
import {
  context,
  cutText,
  escapeMrkdwn,
  fallbackTextLimit,
  header,
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
        name: escapeMrkdwn(digestDepartmentName(department.name)),
        count: department.entries.length,
        overdue: department.overdue,
      }),
    );
    const view = viewContextOf(at);
    const lines = department.entries.map((entry) => digestEntryText(entry, view));
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

function newPage(pages: KnownBlock[][]): KnownBlock[] {
  const page: KnownBlock[] = [];
  pages.push(page);
  return page;
}
