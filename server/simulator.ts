import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import express from "express";
import { clockRoutes } from "./api/clock";
import { dialectsRoutes } from "./api/dialects";
import { errorHandler, notFound, refuseReservedKeys, requireJsonBody } from "./api/errors";
import { groupsRoutes } from "./api/groups";
import { logRoutes } from "./api/log";
import { scenariosRoutes } from "./api/scenarios";
import { targetOrgRoutes } from "./api/target-org";
import { targetsRoutes } from "./api/targets";
import { usersRoutes } from "./api/users";
import { createClock } from "./clock";
import { type Config, defaultConfig } from "./config";
import { createDirectory } from "./directory/directory";
import { seedDirectory } from "./directory/seed";
import { openDirectoryStore } from "./directory/store";
import { openExchangeLog } from "./log/exchange-log";
import { attachLiveHub, type LiveHub } from "./log/live";
import { loadAccessToken } from "./perimeter/access-token";
import { isLoopback } from "./perimeter/hosts";
import { createPerimeter } from "./perimeter/perimeter";
import type { LiveMessage } from "./protocol";
import { openCycleStore } from "./provisioning/cycle-store";
import { createCycles } from "./provisioning/cycles";
import { openLinks } from "./provisioning/links";
import { openOutbox } from "./provisioning/outbox";
import { createProvisioner } from "./provisioning/provisioner";
import { createSender } from "./provisioning/send";
import { createLiveRuns } from "./scenarios/live-runs";
import { createScheduler } from "./schedule/scheduler";
import { lockDataDir } from "./store/data-lock";
import { makePrivateDir } from "./store/private-file";
import { createTargetOrg } from "./target-org/create-target-org";
import { createFaults } from "./target-org/faults";
import { createTargets } from "./targets/targets";

export const TARGET_ORG_PATH = "/target/scim/v2";

export type Simulator = Awaited<ReturnType<typeof createSimulator>>;

/** Clean-up after an event is not awaited by anyone; a failed write is reported, not left to end the process. */
const logStoreError = (err: unknown) => console.error("could not update a data file:", err);

/** The whole product, wired: tests build it exactly as `scimulator start` does. */
export async function createSimulator(overrides: Partial<Config> = {}) {
  const config = defaultConfig(overrides);
  await makePrivateDir(config.dataDir);
  const unlock = await lockDataDir(config.dataDir);
  try {
    return await assemble(config, unlock);
  } catch (err) {
    await unlock();
    throw err;
  }
}

async function assemble(config: Config, unlock: () => Promise<void>) {
  const directoryFile = join(config.dataDir, "directory.json");
  const firstStart = !existsSync(directoryFile);

  const file = (name: string) => join(config.dataDir, name);
  const store = await openDirectoryStore(directoryFile);
  const org = await createTargetOrg({ file: file("target-org.json") });
  const links = await openLinks(file("links.json"));
  const outbox = await openOutbox(file("outbox.json"));
  const cycleStore = await openCycleStore(file("cycles.json"));
  const log = await openExchangeLog(file("log.json"), config.logLimit);
  const clock = createClock(config.timeScale);
  const faults = createFaults();
  const directory = createDirectory(store);
  const targets = createTargets(store);
  const send = createSender({
    record: (exchange) => log.record(exchange),
    clock,
    onPauseChange: () => broadcast({ type: "targets.changed" }),
  });
  const provisioner = createProvisioner({
    directory,
    targets,
    links,
    outbox,
    clock,
    send,
    concurrency: config.concurrency,
  });

  let live: LiveHub | null = null;
  let closing: Promise<void> | undefined;
  let listening = false;
  const broadcast = (message: LiveMessage) => live?.broadcast(message);
  directory.on((event) => {
    // Before listen() the embedded org's address is not known; the start-up cycle pushes what changed by then.
    if (listening) provisioner.onDirectoryEvent(event);
    broadcast({ type: "directory", event });
    if (event.type === "user.deleted" || event.type === "group.deleted") {
      const id = "user" in event ? event.user.id : event.group.id;
      targets.forget(id).catch(logStoreError);
    }
  });
  const cycles = createCycles({
    directory,
    targets,
    links,
    outbox,
    store: cycleStore,
    clock,
    send,
    provisioner,
    broadcast,
    onQuarantineChange: (targetId) => {
      scheduler.rearm(targetId);
      broadcast({ type: "targets.changed" });
    },
  });
  // Entra-style scheduled targets run an initial full cycle, then incremental ones.
  const scheduler = createScheduler(
    clock,
    (targetId) => cycles.runCycle(targetId, { kind: "incremental", cause: "schedule" }),
    (targetId) => cycles.slowdown(targetId),
  );
  targets.on((event) => {
    if (event.type === "target.deleted") {
      scheduler.disarm(event.target.id);
      provisioner.releaseClaims(event.target.id);
      Promise.all([
        links.dropTarget(event.target.id),
        outbox.dropTarget(event.target.id),
        cycleStore.dropTarget(event.target.id),
      ]).catch(logStoreError);
    } else {
      scheduler.arm(event.target);
      // An on-edit target converges at once on a new scope, assignment or dialect.
      if (event.target.mode === "on-edit" && listening)
        cycles.startCycle(event.target.id, { cause: "target.changed" });
    }
    broadcast({ type: "targets.changed" });
  });
  clock.onChange(({ scale, now }) => broadcast({ type: "clock", scale, now: new Date(now).toISOString() }));
  log.on((exchange) => broadcast({ type: "exchange", exchange }));
  org.onChange((change) =>
    broadcast({ type: "target-org.changed", resourceType: change.resourceType, id: change.id }),
  );

  let orgBaseUrl = `http://${config.host}:${config.port}${TARGET_ORG_PATH}`;

  if (firstStart && config.seed) {
    await targets.create(
      {
        name: "Embedded org",
        baseUrl: orgBaseUrl,
        auth: { type: "bearer", token: org.token },
        profile: "rfc",
        mode: "on-edit",
      },
      true,
    );
    await seedDirectory(directory);
  }

  const liveRuns = createLiveRuns({
    dir: config.scenariosDir,
    sim: () => simulator,
    orgUrl: () => orgBaseUrl,
    broadcast,
  });

  const perimeter = createPerimeter({ allowedHosts: config.allowedHosts, scimPath: TARGET_ORG_PATH });
  let accessToken: string | null = null;

  const app = express();
  app.disable("x-powered-by");
  app.use(perimeter.middleware);
  app.use(TARGET_ORG_PATH, faults.middleware, org.router);
  const api = express.Router();
  api.use(requireJsonBody, express.json({ limit: "1mb", type: ["application/json", "application/*+json"] }));
  api.use(refuseReservedKeys);
  api.get("/health", (_req, res) => {
    res.json({ ok: true, version: config.version });
  });
  api.use("/users", usersRoutes(directory));
  api.use("/groups", groupsRoutes(directory));
  api.use("/targets", targetsRoutes(targets, provisioner, cycles, scheduler));
  api.use(
    "/target-org",
    targetOrgRoutes(org, faults, () => orgBaseUrl),
  );
  api.use("/clock", clockRoutes(clock));
  api.use("/log", logRoutes(log));
  api.use("/dialects", dialectsRoutes(directory));
  api.use("/scenarios", scenariosRoutes(liveRuns));
  api.use(notFound);
  api.use(errorHandler);
  app.use("/api", api);
  if (config.uiDir && existsSync(config.uiDir)) {
    const uiDir = config.uiDir;
    app.use(express.static(uiDir, { index: "index.html" }));
    app.get(/^\/(?!api\/|target\/|ws$).*/, (_req, res) => res.sendFile(join(uiDir, "index.html")));
  } else {
    app.get("/", (_req, res) => {
      res.type("text").send("SCIMulator is running. The UI is not built: run `npm run build`, then reload.");
    });
  }

  const server: Server = createServer(app);

  const simulator = {
    app,
    server,
    config,
    directory,
    targets,
    provisioner,
    cycles,
    links,
    send,
    clock,
    faults,
    log,
    org,

    /** The token the control API, the UI and /ws require once bound beyond loopback; null on loopback. */
    get accessToken(): string | null {
      return accessToken;
    },

    /** Binds, then points the embedded target at the address actually bound and catches every on-edit target up. */
    async listen(port = config.port, host = config.host): Promise<string> {
      // The rules are in place before the first connection can arrive.
      accessToken = isLoopback(host) ? null : await loadAccessToken(config.dataDir);
      perimeter.bind(host, accessToken);
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve();
        });
      });
      live = attachLiveHub(server, "/ws", perimeter.checkUpgrade);
      listening = true;
      const address = server.address() as AddressInfo;
      const visibleHost =
        host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
      const url = `http://${visibleHost}:${address.port}`;
      orgBaseUrl = `${url}${TARGET_ORG_PATH}`;
      await targets.pointEmbeddedAt(orgBaseUrl, org.token);
      // Like an IdP's initial cycle: whatever changed while the process was down is pushed now.
      for (const target of targets.list()) {
        scheduler.arm(target);
        if (target.mode === "on-edit") cycles.startCycle(target.id, { cause: "startup" });
      }
      provisioner.resume();
      return url;
    },

    close(): Promise<void> {
      closing ??= shutdown();
      return closing;
    },
  };
  return simulator;

  async function shutdown(): Promise<void> {
    await scheduler.close();
    provisioner.stop();
    await provisioner.idle();
    await live?.close();
    server.closeAllConnections();
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all([log.flush(), org.close(), outbox.flush()]);
    await unlock();
  }
}
