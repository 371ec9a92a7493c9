import { readFileSync } from "node:fs";
import { createCanvas, loadImage } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { parseCommandText } from "../src/chat/command-text.ts";
import {
  filledManifest,
  TEAMS_MANIFEST_TEXT,
  teamsManifestValidator,
} from "./support/teams-manifest.ts";

const FOLDER = new URL("../manifest/teams/", import.meta.url);

/** Every pixel of a PNG as [r, g, b, a]. */
async function pixels(
  bytes: Buffer,
): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const image = await loadImage(bytes);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  return {
    width: image.width,
    height: image.height,
    data: ctx.getImageData(0, 0, image.width, image.height).data,
  };
}

describe("Teams app manifest", () => {
  const validate = teamsManifestValidator();

  it("follows Microsoft's manifest schema 1.29 once the client id and domain are filled in", () => {
    const manifest = filledManifest();

    const valid = validate(manifest);

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(manifest.manifestVersion).toBe("1.29");
  });

  it("rejects a manifest Teams would refuse", () => {
    const broken = filledManifest("not-a-guid", "bomba.example.com");
    (broken as { accentColor: string }).accentColor = "red";

    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((error) => error.instancePath)).toEqual(
      expect.arrayContaining(["/id", "/accentColor", "/bots/0/botId"]),
    );
  });

  it("has placeholders for the client id and the bot's domain, and nothing else to fill in", () => {
    const placeholders = TEAMS_MANIFEST_TEXT.match(/\{\{[A-Z_]+\}\}/g) ?? [];

    expect(new Set(placeholders)).toEqual(new Set(["{{TEAMS_CLIENT_ID}}", "{{TEAMS_BOT_DOMAIN}}"]));
    const manifest = filledManifest("cid00000-0000-4000-8000-000000000000", "bot.example.org");
    expect(manifest).toMatchObject({
      id: "cid00000-0000-4000-8000-000000000000",
      bots: [{ botId: "cid00000-0000-4000-8000-000000000000" }],
      composeExtensions: [{ botId: "cid00000-0000-4000-8000-000000000000" }],
      validDomains: ["bot.example.org"],
    });
  });

  it("has the version of package.json", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };

    expect(filledManifest().version).toBe(pkg.version);
  });

  it("is a bot in the 1:1 chat and in teams, and the bomba_open action; no bot file API (the report's files are linked from SharePoint)", () => {
    expect(filledManifest()).toMatchObject({
      bots: [{ scopes: ["personal", "team"], supportsFiles: false, isNotificationOnly: false }],
      composeExtensions: [
        {
          commands: [
            {
              id: "bomba_open",
              type: "action",
              fetchTask: true,
              context: ["compose", "commandBox"],
            },
          ],
        },
      ],
    });
    // No SSO, no tab: nothing needs webApplicationInfo.
    expect(filledManifest()).not.toHaveProperty("webApplicationInfo");
  });

  it("offers the command words of SPEC §5b, each one the bot understands, with its English word", () => {
    const [list] =
      (
        filledManifest().bots as {
          commandLists: { commands: { title: string; description: string }[] }[];
        }[]
      )[0]?.commandLists ?? [];
    const titles = list?.commands.map((command) => command.title);

    expect(titles).toEqual(["nueva", "lista", "ver", "inicio", "resumen", "informe", "ayuda"]);
    // What a word alone asks for: its request, or why it needs more (`ver` wants an id).
    const meaning = (word: string): string => {
      const request = parseCommandText(word);
      return request.kind === "invalid" ? request.reason : request.kind;
    };
    for (const command of list?.commands ?? []) {
      const english = /también: (\w+)/.exec(command.description)?.[1] ?? "";
      // `inicio`/`home` are Teams' own words, read by the Teams adapter, not /bomba's parser.
      if (command.title === "inicio") {
        expect(english).toBe("home");
        continue;
      }
      expect(meaning(command.title), command.title).not.toBe("unknown_command");
      expect(meaning(english), english).toBe(meaning(command.title));
    }
  });

  it("has a 192×192 colour icon and a 32×32 outline icon that is white on transparent", async () => {
    const color = await pixels(readFileSync(new URL("color.png", FOLDER)));
    const outline = await pixels(readFileSync(new URL("outline.png", FOLDER)));

    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let drawn = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = [
        outline.data[i],
        outline.data[i + 1],
        outline.data[i + 2],
        outline.data[i + 3],
      ];
      if (a === 0) continue;
      drawn += 1;
      expect([r, g, b], `pixel ${i / 4}`).toEqual([255, 255, 255]);
    }
    expect(drawn).toBeGreaterThan(100);
    // The colour icon is opaque throughout (Teams shows it on any background).
    for (let i = 3; i < color.data.length; i += 4) expect(color.data[i]).toBe(255);
  });
});
