/**
 * `bomba org import FILE` on Microsoft Teams: every e-mail resolved through Graph (the Entra
 * object ids become the people's Teams addresses), the bot's app installed for each person who
 * lacks it, and the org stored, all or nothing: anyone Graph cannot find, or for whom the app
 * cannot be installed, is reported by line and nothing is stored. Installations made before a
 * refusal stay (harmless: the app only speaks when the org is in force).
 */
import { readFileSync } from "node:fs";
import { bootOrg, resolveOrgIds } from "../app/boot.ts";
import { ChatError } from "../chat/port.ts";
import type { Env, TeamsSettings } from "../config/env.ts";
import type { Org } from "../core/org.ts";
import { catalog } from "../i18n/catalog.ts";
import { cliCatalog } from "../i18n/cli-catalog.ts";
import { redact } from "../log.ts";
import { lineInOrgText } from "../org/load-org.ts";
import { openStore } from "../store/open-store.ts";
import { graph as graphClient } from "../teams/graph.ts";
import { TEAMS_PLATFORM } from "../teams/port.ts";
import { tokenProvider } from "../teams/tokens.ts";
import type { CliIo } from "./io.ts";

/** One person the import could not use, with their place in the file. */
interface Refused {
  index: number;
  line: string;
}

/** Runs the import on Teams; exit 1 when someone cannot be found or reached, or Graph fails. */
export async function runTeamsOrgImport(
  file: string,
  org: Org,
  env: Env,
  teams: TeamsSettings,
  io: CliIo,
  now: number,
): Promise<number> {
  const say = cliCatalog(org.locale).teamsImport;
  const words = catalog(org.locale).words;
  const reasonOf = (error: unknown): string =>
    redact(
      error instanceof ChatError
        ? error.code
        : error instanceof Error
          ? error.message
          : String(error),
      [teams.clientSecret],
    );
  const tokens = tokenProvider(teams, () => now);
  const graph = graphClient({ graphUrl: teams.graphUrl, tokens });
  const store = await openStore(env.BOMBA_DB);
  try {
    let resolved: Awaited<ReturnType<typeof resolveOrgIds>>;
    try {
      resolved = await resolveOrgIds(
        store,
        org,
        (email) => graph.userIdByEmail(email),
        TEAMS_PLATFORM,
      );
    } catch (error) {
      // Graph refused or could not be reached: one line; nothing was stored.
      io.err(say.graphFailed({ reason: reasonOf(error) }));
      return 1;
    }
    const refused: Refused[] = resolved.unresolved.map((u) => ({
      index: u.index,
      line: say.noTeamsUser({ email: u.email }),
    }));
    let installed = 0;
    let catalogId: string | null = null;
    let index = 0;
    for (const person of org.people.values()) {
      const address = resolved.ids.get(person.id);
      const here = index;
      index += 1;
      if (address === undefined) continue;
      try {
        if ((await graph.installedAppId(address, teams.clientId)) !== null) continue;
        catalogId ??= await graph.catalogAppId(teams.clientId);
        if (catalogId === null) {
          io.err(say.notInCatalog);
          io.err(words.nothingImported);
          return 1;
        }
        if (await graph.installApp(address, catalogId)) installed += 1;
      } catch (error) {
        if (!(error instanceof ChatError)) throw error;
        // Graph itself failing is no one's fault in the file: stop, nothing stored.
        if (error.kind !== "permanent") {
          io.err(say.graphFailed({ reason: reasonOf(error) }));
          io.err(words.nothingImported);
          return 1;
        }
        const email = person.email ?? person.id;
        refused.push({ index: here, line: say.notReachable({ email, reason: error.code }) });
      }
    }
    if (refused.length > 0) {
      const text = readFileSync(file, "utf8");
      for (const r of refused.sort((a, b) => a.index - b.index)) {
        const line = lineInOrgText(text, ["people", r.index, "email"]);
        io.err(`${file}:${line}  people[${r.index}].email: ${r.line}`);
      }
      io.err(words.nothingImported);
      return 1;
    }
    // Everyone resolved above: the org is stored with those ids, no second round of lookups.
    const byEmail = new Map<string, string>();
    for (const person of org.people.values()) {
      const address = resolved.ids.get(person.id);
      if (person.email !== null && address !== undefined) byEmail.set(person.email, address);
    }
    const booted = await bootOrg(store, org, async (email) => byEmail.get(email) ?? null, now, {
      via: "import",
      allOrNothing: true,
      platform: TEAMS_PLATFORM,
    });
    if (!booted.stored) {
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
    if (installed > 0) io.out(say.installed({ count: installed }));
    return 0;
  } finally {
    await store.close();
  }
}
