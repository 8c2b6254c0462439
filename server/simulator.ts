import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createApp, TARGET_ORG_ROOT } from "./app";
import { createLiveChecks } from "./check/live-checks";
import { createClock } from "./clock";
import { type Config, defaultConfig } from "./config";
import { createDemoReset } from "./demo-reset";
import { createDirectory } from "./directory/directory";
import { openPasswordStore } from "./directory/passwords";
import { seedDirectory } from "./directory/seed";
import { openDirectoryStore } from "./directory/store";
import { openExchangeLog } from "./log/exchange-log";
import { attachLiveHub, type LiveHub } from "./log/live";
import { createLiveFeed } from "./log/live-feed";
import { loadAccessToken } from "./perimeter/access-token";
import { isLoopback, visibleUrl } from "./perimeter/hosts";
import { createPerimeter } from "./perimeter/perimeter";
import { createActions } from "./provisioning/actions";
import { createClaims } from "./provisioning/claims";
import { openCycleStore } from "./provisioning/cycle-store";
import { createCycles } from "./provisioning/cycles";
import { dialectFor } from "./provisioning/dialects";
import { forgetTarget } from "./provisioning/forget-target";
import { openLinks } from "./provisioning/links";
import { openOutbox } from "./provisioning/outbox";
import { createProvisioner } from "./provisioning/provisioner";
import { createQuarantine } from "./provisioning/quarantine";
import { createSender } from "./provisioning/send";
import { healthOf } from "./provisioning/target-health";
import { createWireThread } from "./provisioning/wire-thread";
import type { ScenarioHost } from "./scenarios/host";
import { createLeftovers } from "./scenarios/leftovers";
import { createLiveRuns } from "./scenarios/live-runs";
import { createScheduler } from "./schedule/scheduler";
import { scratchRun } from "./scratch";
import { createSignIn, IDP_PATHS } from "./signin";
import { lockDataDir } from "./store/data-lock";
import { makePrivateDir } from "./store/private-file";
import { createTargetOrg } from "./target-org/create-target-org";
import { createFaults } from "./target-org/faults";
import { createTargets } from "./targets/targets";

export { TARGET_ORG_PATH, TARGET_ORG_ROOT } from "./app";
export type Simulator = Awaited<ReturnType<typeof createSimulator>>;

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

/** A throwaway simulator of its own (see scratch.ts), for scenario runs and the compatibility check. */
export const createScratchSimulator = (overrides: Partial<Config> = {}) =>
  scratchRun(createSimulator, overrides);

/**
 * The pipeline as a table, read top-down: stores, then the directory and targets, then the engine's stages,
 * then the triggers, then who follows whom. Every arrow points at something already built.
 */
async function assemble(config: Config, unlock: () => Promise<void>) {
  const file = (name: string) => join(config.dataDir, name);
  const firstStart = !existsSync(file("directory.json"));
  // Known once the server listens (port 0 in tests); the embedded target follows it.
  let url = `http://${config.host}:${config.port}`;
  let listening = false;

  const feed = /* ws fan-out, attached on listen */ createLiveFeed();
  const store = /*    directory.json */ await openDirectoryStore(file("directory.json"));
  const passwords = /* passwords.json */ await openPasswordStore(
    file("passwords.json"),
    new Set(store.data.users.map((u) => u.id)),
  );
  const faults = createFaults();
  const org = /*      target-org.json */ await createTargetOrg({
    file: file("target-org.json"),
    before: [faults.middleware],
  });
  const links = /*    links.json */ await openLinks(file("links.json"), file("directory.json"));
  const outbox = /*   outbox.json */ await openOutbox(file("outbox.json"));
  const history = /*  cycles.json */ await openCycleStore(file("cycles.json"));
  const log = /*      log.json */ await openExchangeLog(file("log.json"), config.logLimit);
  const clock = createClock(config.timeScale);
  const directory = createDirectory(store, passwords);
  links.follow(directory.findUser);
  const targets = createTargets(store, (profile) => dialectFor(profile).defaults);
  const signin = /*   apps.json */ await createSignIn(config, { directory, log, clock });
  const claims = createClaims(
    (id) => (directory.findUser(id)?.origin ?? directory.findGroup(id)?.origin)?.targetId,
  );
  const send = createSender({
    client: createWireThread(config.concurrency),
    record: log.record,
    clock,
    requestsPerSecond: config.requestsPerSecond,
    onPauseChange: () => feed.broadcast({ type: "targets.changed" }),
  });
  const provisioner = createProvisioner({
    directory,
    targets,
    links,
    outbox,
    clock,
    send,
    claims,
    concurrency: config.concurrency,
  });
  const actions = createActions({ directory, targets, links, provisioner, send });
  const quarantine = createQuarantine({ store: history, clock });
  const cycles = createCycles({
    directory,
    targets,
    links,
    outbox,
    store: history,
    clock,
    send,
    provisioner,
    quarantine,
    broadcast: feed.broadcast,
  });
  const scheduler = createScheduler(
    clock,
    (id) => cycles.runCycle(id, { kind: "incremental", cause: "schedule" }),
    quarantine.slowdown,
  );
  const health = (target: Parameters<typeof healthOf>[0]) =>
    healthOf(target, { outbox, store: history, send });
  const orgUrl = () => `${url}${TARGET_ORG_ROOT}${org.basePath()}`;
  // A preset with another base path moves the embedded org; the target that follows it moves along.
  const orgMoved = async () => {
    await targets.pointEmbeddedAt(orgUrl(), org.token);
    feed.broadcast({ type: "target-org.settings" });
  };
  const idle = () => provisioner.idle();
  const host: ScenarioHost = {
    directory,
    targets,
    cycles,
    actions,
    claims,
    idle,
    log,
    links,
    send,
    faults,
    clock,
    org,
    orgMoved,
    signin,
  };
  const liveRuns = createLiveRuns({ dir: config.scenariosDir, host, orgUrl, broadcast: feed.broadcast });
  // A check from the UI runs in a simulator of its own: its test people never enter this directory.
  const checks = createLiveChecks({
    targets,
    broadcast: feed.broadcast,
    version: config.version,
    spawn: (requestsPerSecond) => createScratchSimulator({ requestsPerSecond }),
  });
  const scimPath = TARGET_ORG_ROOT;
  const perimeter = createPerimeter({ allowedHosts: config.allowedHosts, scimPath, ...IDP_PATHS });

  // Who follows whom. Before listen() the embedded org's address is unknown; the start-up cycle catches up.
  provisioner.follow(directory, () => listening);
  targets.followDirectory(directory);
  quarantine.onChange((id) => scheduler.rearm(id));
  feed.follow({ directory, targets, quarantine, log, org, clock });
  targets.on(provisioner.targetsChanged);
  targets.on((event) => {
    if (event.type === "target.deleted")
      return forgetTarget({ disarm: scheduler.disarm, claims, links, outbox, store: history })(event.target);
    scheduler.arm(event.target);
    // An on-edit target converges at once on a new scope, assignment or dialect.
    if (event.target.mode === "on-edit" && listening)
      cycles.startCycle(event.target.id, { cause: "target.changed" });
  });

  const seedDemo = async () => {
    const embedded = { name: "Embedded org", baseUrl: orgUrl(), auth: { type: "bearer", token: org.token } };
    await targets.create({ ...embedded, profile: "rfc", mode: "on-edit" }, true);
    await seedDirectory(directory);
  };
  if (firstStart && config.seed) await seedDemo();
  const leftovers = createLeftovers({ directory, targets, links, send, idle, cycles });
  const resetDemo = createDemoReset({
    ...{ directory, targets, org, faults, log, clock, idle, orgMoved, seed: seedDemo },
    timeScale: config.timeScale,
    scenarioRunning: liveRuns.busy,
  });

  const app = createApp({
    config,
    perimeter,
    directory,
    targets,
    provisioner,
    actions,
    cycles,
    scheduler,
    health,
    org,
    faults,
    clock,
    log,
    liveRuns,
    leftovers,
    resetDemo,
    checks,
    orgUrl,
    orgMoved,
    signin,
  });
  const server: Server = createServer(app);
  let hub: LiveHub | null = null;
  let accessToken: string | null = null;
  let closing: Promise<void> | undefined;

  const simulator = {
    app,
    server,
    config,
    directory,
    targets,
    provisioner,
    actions,
    cycles,
    claims,
    links,
    send,
    clock,
    faults,
    log,
    org,
    orgUrl,
    orgMoved,
    idle,
    signin,

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
      hub = attachLiveHub(server, "/ws", perimeter.checkUpgrade);
      feed.attach(hub);
      listening = true;
      url = visibleUrl(host, (server.address() as AddressInfo).port);
      await signin.start(url);
      await targets.pointEmbeddedAt(orgUrl(), org.token);
      for (const target of targets.list()) {
        scheduler.arm(target);
        cycles.atStart(target);
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
    await checks.close();
    await scheduler.close();
    provisioner.stop();
    await provisioner.idle();
    await hub?.close();
    send.close();
    server.closeAllConnections();
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all([log.close(), org.close(), outbox.close(), store.close()]);
    await links.close(store.identity()); // after the directory's last write: the links are sealed to it
    await unlock();
  }
}
