/**
 * The Microsoft Graph calls the bot makes, over fetch at `GRAPH_API_URL` with an app token:
 * a person by e-mail, the app's installation in a person's Teams, a file into a channel's files
 * folder or the organization's SharePoint site. Every failure is a `ChatError` (`errors.ts`).
 */
import { ChatError } from "../chat/port.ts";
import { classifyFailure, classifyStatus } from "./errors.ts";
import { GRAPH_SCOPE, type TokenProvider } from "./tokens.ts";

/** How long a Graph call gets. */
export const GRAPH_TIMEOUT_MS = 20_000;

/**
 * The folder of the organization's root SharePoint site (its default document library) where
 * the report's files go when the org file names no report channel.
 */
export const ORG_FILES_FOLDER = "Correo Bomba";

/** A file uploaded into a channel's files folder. */
export interface UploadedFile {
  id: string;
  name: string;
  /** Where people open it (SharePoint). */
  webUrl: string;
}

/** The Graph calls, each throwing `ChatError`. */
export interface Graph {
  /**
   * The Entra object id of the person with this e-mail: `GET /users/{email}` (which finds a user
   * by their sign-in name), then `$filter=mail eq '…'` (an address that is not the sign-in name);
   * null when neither finds anyone.
   */
  userIdByEmail(email: string): Promise<string | null>;
  /**
   * The id of the org's catalog app whose manifest id is `externalId`, as installed for this
   * user; null when it is not installed for them.
   */
  installedAppId(userId: string, externalId: string): Promise<string | null>;
  /**
   * The id in the tenant's app catalog of the app whose manifest id is `externalId` (the id an
   * installation names); null when the admin has not uploaded it.
   */
  catalogAppId(externalId: string): Promise<string | null>;
  /** Installs the catalog app for the user; false when it was installed already. */
  installApp(userId: string, catalogAppId: string): Promise<boolean>;
  /** The file of this name in a channel's files folder; null when there is none. */
  channelFile(teamId: string, channelId: string, name: string): Promise<UploadedFile | null>;
  /**
   * Puts a file into the bot's folder of the organization's root SharePoint site (replacing one
   * of the same name) and returns it with a view link anyone in the organization can open, as
   * its `webUrl` (Graph's `createLink` gives the same link again for the same file).
   */
  uploadToOrgFiles(name: string, content: Uint8Array, contentType: string): Promise<UploadedFile>;
  /** Puts a file into a channel's files folder (replacing one of the same name). */
  uploadToChannel(
    teamId: string,
    channelId: string,
    name: string,
    content: Uint8Array,
    contentType: string,
  ): Promise<UploadedFile>;
}

/** Where Graph is and the bot's tokens. */
export interface GraphSettings {
  /** Graph's base, like `https://graph.microsoft.com/v1.0`, without a trailing slash. */
  graphUrl: string;
  tokens: TokenProvider;
  timeoutMs?: number;
}

/** An OData string literal: a quote is doubled. */
function odataString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A Graph client over fetch. */
export function graph(settings: GraphSettings): Graph {
  const timeoutMs = settings.timeoutMs ?? GRAPH_TIMEOUT_MS;

  /** One request: its status and decoded body; a failure other than `accept`ed ones throws. */
  const request = async (
    method: string,
    path: string,
    options: { body?: RequestInit["body"]; contentType?: string; accept?: number[] } = {},
  ): Promise<{ status: number; body: unknown }> => {
    const write = method !== "GET";
    let response: Response;
    let body: unknown;
    const token = await settings.tokens.get(GRAPH_SCOPE);
    try {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (options.contentType !== undefined) headers["content-type"] = options.contentType;
      response = await fetch(`${settings.graphUrl}${path}`, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: options.body }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      body = text === "" ? undefined : safeJson(text);
    } catch (error) {
      throw classifyFailure(error, write);
    }
    if (response.ok || options.accept?.includes(response.status) === true) {
      return { status: response.status, body };
    }
    if (response.status === 401) settings.tokens.forget(GRAPH_SCOPE);
    throw classifyStatus(response.status, body, response.headers.get("retry-after"), write);
  };

  /** A channel's files folder: its drive and item id. */
  const channelFolder = async (
    teamId: string,
    channelId: string,
  ): Promise<{ driveId: string; id: string }> => {
    const folder = await request(
      "GET",
      `/teams/${encodeURIComponent(teamId)}/channels/${encodeURIComponent(channelId)}/filesFolder`,
    );
    const parent = folder.body as
      | { id?: unknown; parentReference?: { driveId?: unknown } }
      | undefined;
    const driveId = parent?.parentReference?.driveId;
    const id = parent?.id;
    if (typeof driveId !== "string" || typeof id !== "string") {
      throw new ChatError("transient", "filesFolder_unreadable");
    }
    return { driveId, id };
  };

  /** The drive item Graph answered; `written` when the call put it (its outcome is unknown). */
  const fileOf = (body: unknown, name: string, written: boolean): UploadedFile => {
    const file = body as { id?: unknown; webUrl?: unknown } | undefined;
    if (typeof file?.id !== "string" || typeof file.webUrl !== "string") {
      throw new ChatError("transient", "upload_unreadable", { unknown: written });
    }
    return { id: file.id, name, webUrl: file.webUrl };
  };

  const idOf = (body: unknown): string | null => {
    const id = (body as { id?: unknown } | undefined)?.id;
    return typeof id === "string" && id !== "" ? id : null;
  };

  return {
    async userIdByEmail(email) {
      const direct = await request("GET", `/users/${encodeURIComponent(email)}`, {
        accept: [404],
      });
      if (direct.status !== 404) return idOf(direct.body);
      const filter = encodeURIComponent(`mail eq ${odataString(email)}`);
      const found = await request("GET", `/users?$filter=${filter}&$select=id,mail`);
      const value = (found.body as { value?: unknown } | undefined)?.value;
      const first = Array.isArray(value) ? value[0] : undefined;
      return idOf(first);
    },
    async installedAppId(userId, externalId) {
      const filter = encodeURIComponent(`teamsApp/externalId eq ${odataString(externalId)}`);
      const listed = await request(
        "GET",
        `/users/${encodeURIComponent(userId)}/teamwork/installedApps?$expand=teamsApp&$filter=${filter}`,
      );
      const value = (listed.body as { value?: unknown } | undefined)?.value;
      const first = (Array.isArray(value) ? value[0] : undefined) as
        | { teamsApp?: unknown }
        | undefined;
      return idOf(first?.teamsApp);
    },
    async catalogAppId(externalId) {
      const filter = encodeURIComponent(`externalId eq ${odataString(externalId)}`);
      const listed = await request("GET", `/appCatalogs/teamsApps?$filter=${filter}`);
      const value = (listed.body as { value?: unknown } | undefined)?.value;
      return idOf(Array.isArray(value) ? value[0] : undefined);
    },
    async installApp(userId, catalogAppId) {
      const answer = await request(
        "POST",
        `/users/${encodeURIComponent(userId)}/teamwork/installedApps`,
        {
          contentType: "application/json",
          body: JSON.stringify({
            "teamsApp@odata.bind": `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${catalogAppId}`,
          }),
          accept: [409],
        },
      );
      return answer.status !== 409;
    },
    async channelFile(teamId, channelId, name) {
      const folder = await channelFolder(teamId, channelId);
      const found = await request(
        "GET",
        `/drives/${encodeURIComponent(folder.driveId)}/items/${encodeURIComponent(folder.id)}:/${encodeURIComponent(name)}`,
        { accept: [404] },
      );
      return found.status === 404 ? null : fileOf(found.body, name, false);
    },
    async uploadToChannel(teamId, channelId, name, content, contentType) {
      const folder = await channelFolder(teamId, channelId);
      const uploaded = await request(
        "PUT",
        `/drives/${encodeURIComponent(folder.driveId)}/items/${encodeURIComponent(folder.id)}:/${encodeURIComponent(name)}:/content`,
        { body: content, contentType },
      );
      return fileOf(uploaded.body, name, true);
    },
    async uploadToOrgFiles(name, content, contentType) {
      const path = `${encodeURIComponent(ORG_FILES_FOLDER)}/${encodeURIComponent(name)}`;
      const uploaded = await request("PUT", `/sites/root/drive/root:/${path}:/content`, {
        body: content,
        contentType,
      });
      const file = fileOf(uploaded.body, name, true);
      const driveId = (uploaded.body as { parentReference?: { driveId?: unknown } } | undefined)
        ?.parentReference?.driveId;
      if (typeof driveId !== "string") {
        throw new ChatError("transient", "upload_unreadable", { unknown: true });
      }
      const linked = await request(
        "POST",
        `/drives/${encodeURIComponent(driveId)}/items/${encodeURIComponent(file.id)}/createLink`,
        {
          contentType: "application/json",
          body: JSON.stringify({ type: "view", scope: "organization" }),
        },
      );
      const webUrl = (linked.body as { link?: { webUrl?: unknown } } | undefined)?.link?.webUrl;
      if (typeof webUrl !== "string") throw new ChatError("transient", "link_unreadable");
      return { ...file, webUrl };
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
