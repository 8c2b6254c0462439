import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readArgs, UsageError } from "./cli-args";
import { type AllowedHosts, parseAllowedHosts } from "./perimeter/hosts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export interface Config {
  /** Where directory.json, target-org.json, links.json and log.json live. */
  dataDir: string;
  port: number;
  /** Loopback by default: the embedded org's token must not be reachable from the network. */
  host: string;
  /**
   * Host names, beyond localhost, IP addresses and the bound address, that requests may name in their Host
   * header (`.example.com` allows its subdomains); `true` allows any. Everything else is refused (DNS rebinding).
   */
  allowedHosts: AllowedHosts;
  /** Seed the demo directory and the default target on a first start. */
  seed: boolean;
  /** Built UI to serve at /; null serves none. */
  uiDir: string | null;
  /** How many exchanges the log keeps, on disk and in memory. */
  logLimit: number;
  /** How many users of one target are provisioned at once; one user's operations are always in order. */
  concurrency: number;
  /** Where the UI and API find scenario files. */
  scenariosDir: string;
  /** Simulated seconds per real second: 60 runs a 40-minute cycle in 40 seconds. */
  timeScale: number;
  /** At most this many requests a second to all targets together (the check's --rate); null for no limit. */
  requestsPerSecond: number | null;
  version: string;
}

export const version: string = (
  JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }
).version;

export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return {
    dataDir: resolve("data"),
    port: 4000,
    host: "127.0.0.1",
    allowedHosts: [],
    seed: true,
    uiDir: join(root, "dist", "ui"),
    logLimit: 2000,
    concurrency: 4,
    timeScale: 1,
    requestsPerSecond: null,
    scenariosDir: join(root, "scenarios"),
    version,
    ...overrides,
  };
}

export { UsageError };

/** Flags win over env, env wins over defaults. */
export function configFromArgs(args: string[], env: NodeJS.ProcessEnv): Config {
  const { values } = readArgs(args, {
    port: { type: "string" },
    host: { type: "string" },
    "allowed-hosts": { type: "string" },
    data: { type: "string" },
    "time-scale": { type: "string" },
    "no-seed": { type: "boolean" },
  });
  const config = defaultConfig({
    dataDir: resolve(values.data ?? env.DATA_DIR ?? "data"),
    port:
      values.port !== undefined
        ? parsePort(values.port, "--port")
        : env.PORT
          ? parsePort(env.PORT, "PORT")
          : 4000,
    host: values.host ?? env.HOST ?? "127.0.0.1",
    allowedHosts: parseAllowedHosts(values["allowed-hosts"] ?? env.ALLOWED_HOSTS ?? ""),
    timeScale:
      values["time-scale"] !== undefined
        ? parseScale(values["time-scale"], "--time-scale")
        : env.TIME_SCALE
          ? parseScale(env.TIME_SCALE, "TIME_SCALE")
          : 1,
  });
  if (values["no-seed"]) config.seed = false;
  return config;
}

function parsePort(text: string, name: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`${name} must be a port number from 0 to 65535, got "${text}"`);
  }
  return port;
}

function parseScale(text: string, name: string): number {
  const scale = Number(text);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1_000_000) {
    throw new UsageError(
      `${name} must be a number above 0 (e.g. 60 runs an hour in a minute), got "${text}"`,
    );
  }
  return scale;
}
