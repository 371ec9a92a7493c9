import { describe, expect, it } from "vitest";
import {
  cutText,
  escapeMrkdwn,
  mrkdwnChunks,
  mrkdwnText,
  packLines,
} from "../../src/slack/blocks/kit.ts";
import { limitViolations } from "./slack-fixtures.ts";

describe("text helpers", () => {
  it.each([
    ["short", 10, "short"],
    ["exactly10!", 10, "exactly10!"],
    ["eleven chars", 10, "eleven ch…"],
    ["💣💣💣💣💣", 5, "💣💣…"],
  ])("cutText(%j, %i) → %j", (text, max, expected) => {
    expect(cutText(text, max)).toBe(expected);
    expect(cutText(text, max).length).toBeLessThanOrEqual(max);
  });

  it("escapes mrkdwn's control characters", () => {
    expect(escapeMrkdwn("a & <b> > c")).toBe("a &amp; &lt;b&gt; &gt; c");
  });

  it("never cuts an escape in two", () => {
    const text = mrkdwnText("&&&&&&", 12);
    expect(text).toBe("&amp;&amp;…");
  });

  it("quotes every line of a quote", () => {
    expect(mrkdwnText("uno\ndos", 100, { quote: true })).toBe("> uno\n> dos");
  });

  it("says what escaping and cutting character by character says", () => {
    // The per-character reference mrkdwnText used for every text before its whole-text path.
    const reference = (raw: string, max: number, quote: boolean) => {
      const pieces = Array.from(raw, (c) =>
        c === "\n" ? (quote ? "\n> " : "\n") : escapeMrkdwn(c),
      );
      if (quote) pieces.unshift("> ");
      const whole = pieces.join("");
      if (whole.length <= max) return whole;
      let out = "";
      for (const piece of pieces) {
        if (out.length + piece.length + 1 > max) break;
        out += piece;
      }
      return `${out}…`;
    };
    const texts = ["", "plain", "a & b < c > d", "uno\ndos\n\ntres", "💣 <@U1> &amp; 💣", "x\n>y&"];
    for (const raw of texts) {
      for (const max of [1, 3, 6, 9, 14, 100]) {
        for (const quote of [false, true]) {
          expect(mrkdwnText(raw, max, { quote }), `${raw} ${max} ${quote}`).toBe(
            reference(raw, max, quote),
          );
        }
      }
    }
  });

  it("chunks keep every character, and a quote stays a quote", () => {
    const raw = "línea & más\n".repeat(50);
    const chunks = mrkdwnChunks(raw, 100, { quote: true });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(100);
      expect(chunk.startsWith("> ")).toBe(true);
    }
    const back = chunks.join("\n").replace(/^> /gm, "").replace(/&amp;/g, "&");
    expect(back.replace(/\n/g, "")).toBe(raw.replace(/\n/g, ""));
  });

  it("packs lines into few chunks within the limit", () => {
    expect(packLines(["aaaa", "bbbb", "cccc"], 9)).toEqual(["aaaa\nbbbb", "cccc"]);
    expect(packLines(["x".repeat(20)], 9)).toEqual(["xxxxxxxx…"]);
  });
});

describe("limitViolations catches what Slack would refuse", () => {
  const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });
  it.each([
    ["51 blocks", { text: "x", blocks: Array.from({ length: 51 }, () => section("x")) }, "blocks"],
    ["a long section", { text: "x", blocks: [section("x".repeat(3001))] }, "section text"],
    ["an empty text", { text: "x", blocks: [section(" ")] }, "empty text"],
    ["an empty fallback", { text: "", blocks: [] }, "empty fallback"],
    [
      "a long button",
      {
        text: "x",
        blocks: [
          {
            type: "actions",
            elements: [
              {
                type: "button",
                action_id: "a",
                text: { type: "plain_text", text: "b".repeat(76) },
              },
            ],
          },
        ],
      },
      "button text",
    ],
    [
      "101 options",
      {
        type: "modal",
        title: { type: "plain_text", text: "t" },
        blocks: [
          {
            type: "input",
            label: { type: "plain_text", text: "l" },
            element: {
              type: "static_select",
              action_id: "value",
              options: Array.from({ length: 101 }, (_, i) => ({
                text: { type: "plain_text", text: `o${i}` },
                value: `${i}`,
              })),
            },
          },
        ],
      },
      "options",
    ],
    [
      "a long title",
      { type: "modal", title: { type: "plain_text", text: "t".repeat(25) }, blocks: [] },
      "title",
    ],
  ])("%s", (_name, payload, expected) => {
    const found = limitViolations(payload);
    expect(found.join("\n")).toContain(expected);
  });
});
