import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

/** One request as the stub received it, kept to be replayed by the baseline client. */
export interface StubRequest {
  method: string;
  path: string;
  body: string;
}

export interface ScimStub {
  baseUrl: string;
  requests(): number;
  /**
   * What was received, in chains: a resource's requests in order (its probe, then its POST, then any PATCH),
   * chains in the order their first request came. Only kept when the stub was started with `record`.
   */
  chains(): StubRequest[][];
  close(): Promise<void>;
}

const LIST = JSON.stringify({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
  totalResults: 0,
  Resources: [],
});

/** Which resource a request is about: by the name in its filter or body, or by the id the stub gave it. */
function chainKey(method: string, path: string, body: string, byId: Map<string, string>): string {
  const resource = path.includes("/Groups") ? "g" : "u";
  const filter = /filter=([^&]*)/.exec(path);
  if (filter?.[1]) {
    const text = decodeURIComponent(filter[1].replace(/\+/g, " "));
    return `${resource}:${/"(.*)"/.exec(text)?.[1] ?? text}`;
  }
  if (method === "POST" && body) {
    const parsed = JSON.parse(body) as { userName?: string; displayName?: string };
    return `${resource}:${resource === "g" ? parsed.displayName : parsed.userName}`;
  }
  const id = /\/(?:Users|Groups)\/([^/?]+)/.exec(path)?.[1];
  return (id && byId.get(id)) ?? `${resource}:${path}`;
}

/**
 * A SCIM service provider that answers at once and stores nothing: probes find no one, creates succeed. It
 * measures the client, not the server. Run alone with `npx tsx test/bench/scim-stub.ts [port] [--record]`.
 */
export async function startScimStub(
  port = 0,
  options: { record?: boolean; onRequest?(method: string, path: string, body: string): void } = {},
): Promise<ScimStub> {
  let count = 0;
  let next = 0;
  const chains = new Map<string, StubRequest[]>();
  const byId = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    if (req.url === REPORT_PATH) {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ requests: count, chains: [...chains.values()] } satisfies StubReport));
      return;
    }
    count++;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const method = req.method ?? "GET";
      const path = req.url ?? "/";
      const body = Buffer.concat(chunks).toString("utf8");
      options.onRequest?.(method, path, body);
      const key = options.record ? chainKey(method, path, body, byId) : "";
      if (options.record) {
        const chain = chains.get(key) ?? [];
        chain.push({ method, path, body });
        chains.set(key, chain);
      }
      res.setHeader("content-type", "application/scim+json");
      if (method === "POST") {
        const id = `stub-${++next}`;
        if (options.record) byId.set(id, key);
        res.statusCode = 201;
        // The body sent, with an id: spliced rather than parsed, so the stub costs as little as it can.
        const sent = body.trim();
        res.end(
          sent.length > 2 && sent.endsWith("}") ? `${sent.slice(0, -1)},"id":"${id}"}` : `{"id":"${id}"}`,
        );
        return;
      }
      if (method === "GET") {
        res.end(LIST);
        return;
      }
      res.statusCode = method === "DELETE" ? 204 : 200;
      res.end(method === "DELETE" ? undefined : "{}");
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${bound}/scim/v2`,
    requests: () => count,
    chains: () => [...chains.values()],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What the stub received, for a process that runs it as a child: not counted among the requests. */
const REPORT_PATH = "/__stub/report";
export interface StubReport {
  requests: number;
  chains: StubRequest[][];
}

export interface StubProcess {
  baseUrl: string;
  report(): Promise<StubReport>;
  close(): Promise<void>;
}

/**
 * The stub as its own process, as a tester's SCIM server is: the client under test, SCIMulator or the baseline,
 * then has its process to itself, and the stub's work is not counted in it.
 */
export async function spawnScimStub(options: { record?: boolean } = {}): Promise<StubProcess> {
  const script = fileURLToPath(import.meta.url);
  const args = ["--import", "tsx", script, "0", ...(options.record ? ["--record"] : [])];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const found = /SCIM stub on (\S+)/.exec(out);
      if (found?.[1]) resolve(found[1]);
    });
    child.once("exit", (code) => reject(new Error(`the SCIM stub exited (${code}) before it listened`)));
  });
  return {
    baseUrl,
    report: async () =>
      (await (await fetch(`${new URL(baseUrl).origin}${REPORT_PATH}`)).json()) as StubReport,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const stub = await startScimStub(Number(process.argv[2] ?? 0), {
    record: process.argv.includes("--record"),
  });
  console.log(`SCIM stub on ${stub.baseUrl}`);
}
