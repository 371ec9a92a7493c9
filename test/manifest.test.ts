import { existsSync, readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// ajv-formats is CommonJS with a `default` property; under NodeNext the import is `exports`.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

// shared/ sits beside the repository, locally and in CI; beside the worktrees' folder for a
// git worktree (/work/wt/<name>), one level further up.
const SCHEMA_URL =
  ["../../shared/", "../../../shared/"]
    .map((dir) => new URL(`${dir}reference/slack-manifest.schema.json`, import.meta.url))
    .find((url) => existsSync(url)) ??
  new URL("../../shared/reference/slack-manifest.schema.json", import.meta.url);
const MANIFEST_YML = new URL("../manifest/manifest.yml", import.meta.url);
const MANIFEST_JSON = new URL("../manifest/manifest.json", import.meta.url);

/** The bot scopes the code needs: one reason each, so a new API call must justify a new scope. */
const BOT_SCOPES = [
  "commands", // /bomba
  "chat:write", // DMs, digest, report, chat.update
  "im:write", // conversations.open
  "users:read", // users.lookupByEmail
  "users:read.email", // users.lookupByEmail
  "files:write", // quarterly report CSV
  // A post whose outcome is unknown (crash, timeout) is looked for by its tag before it goes again:
  "im:history", // conversations.history of the DMs
  "channels:history", // conversations.history of a public digest or report channel
  "groups:history", // conversations.history of a private one (#direccion)
  "channels:read", // users.conversations: the id of a public channel the org file names "#name"
  "groups:read", // users.conversations: the same for a private channel
];

const manifestFromYaml: unknown = parse(readFileSync(MANIFEST_YML, "utf8"));
const manifestFromJson: unknown = JSON.parse(readFileSync(MANIFEST_JSON, "utf8"));

function manifestValidator() {
  // Slack's schema puts `minItems` on string items (external auth scopes), which strictTypes
  // would log on every run; it does not concern this manifest.
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  addFormats(ajv);
  // Slack's schema has two keywords of its own; `regex` is meant as a pattern, so check it.
  ajv.addKeyword({ keyword: "_note" });
  ajv.addKeyword({
    keyword: "regex",
    type: "string",
    schemaType: "string",
    validate: (pattern: string, data: string) => new RegExp(pattern).test(data),
  });
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_URL, "utf8")));
}

describe("Slack app manifest", () => {
  const validate = manifestValidator();

  it.each([
    ["manifest.yml", manifestFromYaml],
    ["manifest.json", manifestFromJson],
  ])("%s follows Slack's manifest schema", (_name, manifest) => {
    const valid = validate(manifest);

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("has the same content in YAML and JSON", () => {
    expect(manifestFromJson).toEqual(manifestFromYaml);
  });

  it("registers /bomba with interactivity, the Home tab and app_home_opened", () => {
    expect(manifestFromYaml).toMatchObject({
      display_information: { name: "Correo Bomba" },
      features: {
        app_home: { home_tab_enabled: true, messages_tab_enabled: true },
        bot_user: { display_name: "Correo Bomba" },
        slash_commands: [{ command: "/bomba" }],
      },
      settings: {
        interactivity: { is_enabled: true },
        event_subscriptions: { bot_events: ["app_home_opened"] },
        socket_mode_enabled: true,
      },
    });
  });

  it("asks for exactly the bot scopes the code uses", () => {
    const { scopes } = (manifestFromYaml as { oauth_config: { scopes: Record<string, string[]> } })
      .oauth_config;

    expect(Object.keys(scopes)).toEqual(["bot"]);
    expect([...(scopes.bot ?? [])].sort()).toEqual([...BOT_SCOPES].sort());
  });

  it("rejects a manifest Slack would refuse", () => {
    const broken = structuredClone(manifestFromJson) as Record<string, Record<string, unknown>>;
    (broken.features as Record<string, unknown>).slash_commands = [{ command: "bomba" }];
    (broken.display_information as Record<string, unknown>).background_color = "red";

    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((error) => error.instancePath)).toEqual(
      expect.arrayContaining([
        "/display_information/background_color",
        "/features/slash_commands/0",
        "/features/slash_commands/0/command",
      ]),
    );
  });
});
