import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A SCIM service provider that answers at once and stores nothing: probes find no one, creates succeed. It
 * measures the client, not the server. Run alone with `npx tsx test/bench/scim-stub.ts [port]`.
 */
export async function startScimStub(
  port = 0,
): Promise<{ baseUrl: string; requests(): number; close(): Promise<void> }> {
  let count = 0;
  let next = 0;
  const server: Server = createServer((req, res) => {
    count++;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.setHeader("content-type", "application/scim+json");
      if (req.method === "POST") {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
        res.statusCode = 201;
        res.end(JSON.stringify({ ...body, id: `stub-${++next}` }));
        return;
      }
      if (req.method === "GET") {
        res.end(
          JSON.stringify({
            schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            totalResults: 0,
            Resources: [],
          }),
        );
        return;
      }
      res.statusCode = req.method === "DELETE" ? 204 : 200;
      res.end(req.method === "DELETE" ? undefined : "{}");
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${bound}/scim/v2`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const stub = await startScimStub(Number(process.argv[2] ?? 0));
  console.log(`SCIM stub on ${stub.baseUrl}`);
}
