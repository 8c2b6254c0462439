import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";

/**
 * One plain HTTP server per test, on a port the system picks, closed with its connections after each test. Call
 * once at the top of a test file.
 */
export function localServer() {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });
  return {
    /** Starts the test's server with this handler; resolves to its origin. */
    async serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
      server = createServer(handler);
      await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    /** The running server, if any. */
    get current(): Server | undefined {
      return server;
    },
    /** Closes it now (its port then refuses connections); afterEach has nothing left to do. */
    stop(): void {
      server?.close();
      server = undefined;
    },
  };
}
