/** `bomba org import FILE`: validate, resolve every e-mail in Slack, and store, all or nothing. */
import { readFileSync } from "node:fs";
import { resolveSlackIds, storedSlackIds, storeOrg } from "../app/org-sync.ts";
import { parseEnv } from "../config/env.ts";
import { lineInOrgText } from "../org/load-org.ts";
import { lookupByEmail } from "../slack/lookup.ts";
import { createWebClient } from "../slack/web-client.ts";
import { closeDatabase, openDatabase } from "../store/database.ts";
import { loadOrgOrReport } from "./args.ts";
import type { CliIo } from "./io.ts";

/** Runs the import; exit 1 when the file is invalid or Slack does not know someone. */
export async function runOrgImport(
  args: string[],
  io: CliIo,
  now: number = Date.now(),
): Promise<number> {
  const env = parseEnv(process.env);
  if (!env.ok) {
    io.err(env.error);
    return 2;
  }
  const file = args[0] ?? env.env.BOMBA_ORG;
  const token = env.env.SLACK_BOT_TOKEN;
  if (token === undefined) {
    io.err("SLACK_BOT_TOKEN: required to look people up in Slack");
    return 2;
  }
  const org = loadOrgOrReport(file, io);
  if (org === null) return 1;
  const db = openDatabase(env.env.BOMBA_DB);
  try {
    const client = createWebClient(token, env.env.SLACK_API_URL);
    const { ids, unresolved } = await resolveSlackIds(
      org,
      storedSlackIds(db),
      lookupByEmail(client),
    );
    if (unresolved.length > 0) {
      const text = readFileSync(file, "utf8");
      for (const u of unresolved) {
        const line = lineInOrgText(text, ["people", u.index, "email"]);
        const words =
          org.locale === "es"
            ? "Slack no tiene ningún usuario con el correo"
            : "Slack has no user with e-mail";
        io.err(`${file}:${line}  people[${u.index}].email: ${words} ${u.email}`);
      }
      io.err(org.locale === "es" ? "Nada importado." : "Nothing imported.");
      return 1;
    }
    storeOrg(db, org, ids, now);
    io.out(
      `${org.company}: ${org.people.size} people, ${org.departments.size} departments imported`,
    );
    return 0;
  } finally {
    closeDatabase(db);
  }
}
