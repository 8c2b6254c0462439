import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { TARGET_ORG_ROOT } from "../../server/app";
import {
  createTargetOrg,
  type TargetOrg,
  type TargetOrgOptions,
} from "../../server/target-org/create-target-org";

export interface RunningOrg {
  /** e.g. http://127.0.0.1:PORT/target/scim/v2 */
  baseUrl: string;
  token: string;
  org: TargetOrg;
  /** The store file, so tests can restart on it or inspect it. */
  file: string;
  dir: string;
  /** Stops the server and flushes the store; `keepDir` leaves the temp dir for a restart. */
  close(options?: { keepDir?: boolean }): Promise<void>;
}

export interface StartOrgOptions extends Partial<TargetOrgOptions> {
  /** Reuse an existing temp dir (for restart tests). */
  dir?: string;
}

/** The embedded org alone on a fresh express app, mounted where the simulator mounts it. */
export async function startOrg(options: StartOrgOptions = {}): Promise<RunningOrg> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "scimulator-org-")));
  const file = options.file ?? join(dir, "target-org.json");
  const org = await createTargetOrg({ file, token: options.token, strict: options.strict });
  const app = express();
  app.use(TARGET_ORG_ROOT, org.router);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${TARGET_ORG_ROOT}${org.basePath()}`,
    token: org.token,
    org,
    file,
    dir,
    async close({ keepDir = false } = {}) {
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      await org.close();
      if (!keepDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A small SCIM client bound to one org: JSON in, status/headers/parsed body out. */
export function scimClient(running: Pick<RunningOrg, "baseUrl" | "token">) {
  return async function scim(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; headers: Headers; body: ScimBody }> {
    const res = await fetch(`${running.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${running.token}`,
        ...(body === undefined ? {} : { "Content-Type": "application/scim+json" }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: text === "" ? {} : (JSON.parse(text) as ScimBody),
    };
  };
}

export type ScimBody = Record<string, unknown>;

/** `Resources` of a ListResponse, for assertions on individual entries. */
export function resourcesOf(body: ScimBody): ScimBody[] {
  return Array.isArray(body.Resources) ? (body.Resources as ScimBody[]) : [];
}

export function sampleUser(overrides: Record<string, unknown> = {}) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: "jane.doe@example.com",
    name: { givenName: "Jane", familyName: "Doe" },
    emails: [{ value: "jane.doe@example.com", type: "work", primary: true }],
    active: true,
    ...overrides,
  };
}
