import { expect } from "vitest";
import { CORE_USER, LIST_RESPONSE, PATCH_OP } from "./scim-urns";
import type { ScimmyServer } from "./scimmy-server";

// A SCIM client for the SCIMMY fixture server: one request in; status, headers, raw text and parsed body out.

export type Json = Record<string, unknown>;

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: Json | undefined;
}

export interface SendOptions {
  body?: unknown;
  raw?: string;
  token?: string | null;
  contentType?: string | null;
}

/**
 * `send` and `createUser` bound to the server a test file starts: `serverOf` is read at each call, so the server
 * may be started after this is called. `send` can still address another server through its last argument.
 */
export function scimmyClient(serverOf: () => ScimmyServer) {
  async function send(
    method: string,
    path: string,
    options: SendOptions = {},
    target: ScimmyServer = serverOf(),
  ): Promise<Reply> {
    const headers: Record<string, string> = {};
    const token = options.token === undefined ? target.token : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const contentType = options.contentType === undefined ? "application/scim+json" : options.contentType;
    if (contentType !== null) headers["content-type"] = contentType;
    const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const res = await fetch(`${target.baseUrl}${path}`, { method, headers, body: payload });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    const body =
      typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Json) : undefined;
    return { status: res.status, headers: res.headers, text, body };
  }

  async function createUser(userName: string, extra: Json = {}): Promise<string> {
    const res = await send("POST", "/Users", { body: { schemas: [CORE_USER], userName, ...extra } });
    expect(res.status).toBe(201);
    return String(res.body?.id);
  }

  return { send, createUser };
}

export function patchOp(...operations: Json[]) {
  return { schemas: [PATCH_OP], Operations: operations };
}

export function filterQuery(filter: string): string {
  return `?filter=${encodeURIComponent(filter)}`;
}

/** The resources of a ListResponse, after checking that it is one. */
export function listed(res: Reply): Json[] {
  expect(res.status).toBe(200);
  expect(res.body?.schemas).toEqual([LIST_RESPONSE]);
  const resources = res.body?.Resources;
  return Array.isArray(resources) ? (resources as Json[]) : [];
}
