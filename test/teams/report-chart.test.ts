/**
 * The report's chart in its Teams card: the address the bot serves it at (unguessable, read
 * back only with the right MAC) and the card's Image, valid Adaptive Card 1.5 and under 40 KB.
 */
import { describe, expect, it } from "vitest";
import { quarterOfYear } from "../../src/core/quarter.ts";
import { quarterlyReport } from "../../src/report/quarterly-report.ts";
import { buildReportCards } from "../../src/teams/cards/channel-cards.ts";
import { chartLinks } from "../../src/teams/chart-links.ts";
import { acceptedBomb, calendar, org, orgEn } from "../slack/slack-fixtures.ts";
import { cardProblems, TEAMS_MESSAGE_LIMIT } from "../support/adaptive-cards.ts";

const SECRET = "stand-in-secret~0123456789";
const links = chartLinks(SECRET, "bomba.example.com");

describe("chart links", () => {
  it("an address made for a quarter reads back as that quarter", () => {
    const url = new URL(links.urlOf("2026-Q4"));
    expect(url.protocol).toBe("https:");
    expect(url.host).toBe("bomba.example.com");
    expect(url.pathname).toMatch(/^\/charts\/2026-Q4-[A-Za-z0-9_-]{43}\.png$/);
    expect(links.quarterOf(url.pathname)).toBe("2026-Q4");
    // The same address every time (no state: it survives a restart).
    expect(links.urlOf("2026-Q4")).toBe(url.href);
  });

  it("another quarter's MAC, another secret's, a changed character or another path read as nothing", () => {
    const q4 = new URL(links.urlOf("2026-Q4")).pathname;
    const q3 = new URL(links.urlOf("2026-Q3")).pathname;
    const other = new URL(chartLinks("another-secret-0123", "bomba.example.com").urlOf("2026-Q4"))
      .pathname;
    const mac = q4.slice("/charts/2026-Q4-".length, -".png".length);
    const flipped = `${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`;
    for (const path of [
      `/charts/2026-Q4-${q3.slice("/charts/2026-Q3-".length)}`,
      other,
      `/charts/2026-Q4-${flipped}.png`,
      `/charts/2026-Q4-${mac}`,
      `/charts/2026-Q5-${mac}.png`,
      `/other/2026-Q4-${mac}.png`,
      "/charts/",
      "",
    ]) {
      expect([path, links.quarterOf(path)]).toEqual([path, null]);
    }
  });

  it("refuses to make an address for what is no quarter", () => {
    expect(() => links.urlOf("../etc")).toThrow();
  });
});

describe("the report card's chart", () => {
  const ctx = { org, calendar, now: 0, teamsUserOf: () => null };

  it.each([
    ["es", org],
    ["en", orgEn],
  ] as const)(
    "%s: the first card shows the company's chart by its address; valid, under 40 KB",
    (_l, o) => {
      const report = quarterlyReport(
        quarterOfYear(2026, 4, o.calendar.timezone),
        [acceptedBomb()],
        [],
        o,
        calendar,
      );
      const cards = buildReportCards(
        report,
        { ...ctx, org: o, reportChart: (quarter) => links.urlOf(quarter) },
        false,
      );
      const json = JSON.stringify(cards[0]);
      expect(json).toContain(links.urlOf("2026-Q4"));
      for (const card of cards) {
        expect(cardProblems(card)).toEqual([]);
        expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(TEAMS_MESSAGE_LIMIT);
      }
      const images = cards.flatMap((card) =>
        card.body.filter((element) => element.type === "Image"),
      );
      expect(images).toHaveLength(1);
    },
  );

  it("without an address (no bot domain) the card has no image", () => {
    const report = quarterlyReport(
      quarterOfYear(2026, 4, org.calendar.timezone),
      [],
      [],
      org,
      calendar,
    );
    const cards = buildReportCards(report, ctx, false);
    expect(JSON.stringify(cards)).not.toContain('"Image"');
  });
});
