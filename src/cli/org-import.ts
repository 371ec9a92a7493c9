/**
 * `bomba org import FILE`: validate, resolve every e-mail in Slack (or, with the Teams variables
 * set, through Microsoft Graph: `org-import-teams.ts`), and store, all or nothing.
 */
import { readFileSync } from "node:fs";
import { bootOrg } from "../app/boot.ts";
import { platformOf } from "../config/env.ts";
import { catalog } from "../i18n/catalog.ts";
import { cliCatalog } from "../i18n/cli-catalog.ts";
import { lineInOrgText } from "../org/load-org.ts";
import { lookupByEmail } from "../slack/lookup.ts";
import { createWebClient, platformErrorOf } from "../slack/web-client.ts";
import { openStore } from "../store/open-store.ts";
import { loadEnv, loadOrgOrReport } from "./args.ts";
import type { CliIo } from "./io.ts";
import { localeAtHand } from "./locale.ts";
import { readArguments } from "./usage.ts";

/** Runs the import; exit 1 when the file is invalid or Slack does not know someone. */
export async function runOrgImport(
  args: string[],
  io: CliIo,
  now: number = Date.now(),
): Promise<number> {
  const parsed = readArguments("org import", args, io);
  if (typeof parsed === "number") return parsed;
  const env = loadEnv(io);
  if (typeof env === "number") return env;
  const file = parsed.positionals[0] ?? env.BOMBA_ORG;
  const platform = platformOf(env);
  if ("problem" in platform && platform.problem === "missing") {
    io.err(cliCatalog(localeAtHand(file)).environment.teamsMissing(platform));
    return 2;
  }
  if ("platform" in platform && platform.platform === "teams") {
    const org = loadOrgOrReport(file, io);
    if (org === null) return 1;
    const { runTeamsOrgImport } = await import("./org-import-teams.ts");
    return runTeamsOrgImport(file, org, env, platform.teams, io, now);
  }
  const token = env.SLACK_BOT_TOKEN;
  if (token === undefined) {
    io.err(cliCatalog(localeAtHand(file)).environment.botTokenForImport);
    return 2;
  }
  const org = loadOrgOrReport(file, io);
  if (org === null) return 1;
  const store = await openStore(env.BOMBA_DB);
  try {
    const client = createWebClient(token, env.SLACK_API_URL);
    let booted: Awaited<ReturnType<typeof bootOrg>>;
    try {
      booted = await bootOrg(store, org, lookupByEmail(client), now, {
        via: "import",
        allOrNothing: true,
      });
    } catch (error) {
      // Slack refused or could not be reached: say so in one line; nothing was stored.
      const reason =
        platformErrorOf(error) ?? (error instanceof Error ? error.message : String(error));
      io.err(cliCatalog(org.locale).slackFailed({ reason }));
      return 1;
    }
    const words = catalog(org.locale).words;
    if (!booted.stored) {
      const text = readFileSync(file, "utf8");
      for (const u of booted.unresolved) {
        const line = lineInOrgText(text, ["people", u.index, "email"]);
        io.err(
          `${file}:${line}  people[${u.index}].email: ${words.noSlackUser({ email: u.email })}`,
        );
      }
      io.err(words.nothingImported);
      return 1;
    }
    io.out(
      words.imported({
        company: org.company,
        people: org.people.size,
        departments: org.departments.size,
        moved: booted.moved,
      }),
    );
    return 0;
  } finally {
    await store.close();
  }
}
