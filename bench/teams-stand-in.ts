/**
 * The Teams stand-ins (OpenID metadata and keys, token endpoint, Bot Connector, Graph) in their
 * own process, so that answering the bot never steals the load generator's event loop.
 *
 *   node --import tsx bench/teams-stand-in.ts '{"users":[{"id":…,"mail":…,"displayName":…}],"channels":{…}}'
 *
 * Prints one JSON line once listening: the seams' URLs and the private key (PKCS #8 PEM, with its
 * `kid`) whose public half the metadata publishes, for the bench to sign inbound activities
 * with. Then answers each line `stats` on stdin with `{"calls": {"service METHOD": count}}`
 * (and forgets the calls counted); ends on SIGTERM or when stdin closes.
 */
import { createInterface } from "node:readline";
import { startTeamsStandIn, type TeamsUser } from "../test/support/teams-stand-in.ts";

const options = JSON.parse(process.argv[2] ?? "{}") as {
  users?: TeamsUser[];
  channels?: Record<string, string[]>;
};
const standIn = await startTeamsStandIn({
  users: options.users ?? [],
  channels: options.channels ?? {},
});
process.stdout.write(
  `${JSON.stringify({
    openIdMetadataUrl: standIn.openIdMetadataUrl,
    loginUrl: standIn.loginUrl,
    serviceUrl: standIn.serviceUrl,
    graphUrl: standIn.graphUrl,
    kid: standIn.botKey.kid,
    privateKey: standIn.botKey.privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
  })}\n`,
);

const stop = async () => {
  await standIn.close();
  process.exit(0);
};
process.once("SIGTERM", () => void stop());
const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line.trim() !== "stats") return;
  const calls: Record<string, number> = {};
  for (const call of standIn.calls) {
    const key = `${call.service} ${call.method}`;
    calls[key] = (calls[key] ?? 0) + 1;
  }
  // Keeps memory flat; the conversations and activities the bot keeps stay.
  standIn.calls.length = 0;
  process.stdout.write(`${JSON.stringify({ calls })}\n`);
});
lines.on("close", () => void stop());
