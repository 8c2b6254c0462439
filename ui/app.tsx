import { useCallback, useMemo, useRef, useState } from "react";
import type { Exchange, LiveMessage } from "../server/protocol";
import { api, type ClockState, type ScimGroup } from "./api";
import { publishCheck } from "./check-run";
import { AppHeader } from "./components/app-header";
import { CompareView } from "./components/compare-view";
import { DirectoryPanel } from "./components/directory-panel";
import { FaultsPanel } from "./components/faults-panel";
import { GroupsPanel } from "./components/groups-panel";
import { OrgGroupsPanel } from "./components/org-groups-panel";
import { ScenariosView } from "./components/scenarios-view";
import { SimClock } from "./components/sim-clock";
import { type OrgSnapshot, TargetOrgPanel } from "./components/target-org-panel";
import { TargetsPanel } from "./components/targets-panel";
import { type Toast, ToastStack } from "./components/toast-stack";
import { TrafficPanel } from "./components/traffic-panel";
import { type View, ViewTabs } from "./components/view-tabs";
import { applyCycle, type CycleActivity, noCycles } from "./cycles";
import { useLive } from "./live";
import { applyResult, applyScenario, type ScenarioRun } from "./scenario-run";
import { type ClockReading, readingOf } from "./sim-time";
import { appendExchange, clearTraffic, emptyTraffic, mergeLog, type TrafficView } from "./traffic";
import { useLoader } from "./use-loader";

const TOAST_MS = 6000;

async function loadOrg(): Promise<OrgSnapshot> {
  const info = await api.targetOrg();
  return { info, users: await api.orgUsers(info) };
}

async function loadOrgGroups(): Promise<ScimGroup[]> {
  return api.orgGroups(await api.targetOrg());
}

export function App() {
  const health = useLoader(api.health);
  const users = useLoader(api.users);
  const groups = useLoader(api.groups);
  const targets = useLoader(api.targets);
  const org = useLoader(loadOrg);
  const orgGroups = useLoader(loadOrgGroups);
  const [view, setView] = useState<View>("users");
  const [traffic, setTraffic] = useState<TrafficView>(emptyTraffic);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const toastId = useRef(0);
  const [cycles, setCycles] = useState<CycleActivity>(noCycles);
  const [clock, setClock] = useState<ClockReading | null>(null);
  const [scenarioRun, setScenarioRun] = useState<ScenarioRun | null>(null);
  const [showFaults, setShowFaults] = useState(false);

  const notify = useCallback((message: string, kind: Toast["kind"] = "error") => {
    const id = ++toastId.current;
    setToasts((current) => [...current, { id, kind, message }]);
    setTimeout(() => setToasts((current) => current.filter((t) => t.id !== id)), TOAST_MS);
  }, []);

  const embeddedIds = useMemo(
    () => new Set((targets.data ?? []).filter((t) => t.embedded).map((t) => t.id)),
    [targets.data],
  );

  const seedTraffic = useCallback(() => {
    api.log(200).then(
      (log: Exchange[]) => setTraffic((view) => mergeLog(view, log)),
      () => {},
    );
  }, []);

  const onClock = useCallback((state: ClockState) => setClock(readingOf(state)), []);

  const readClock = useCallback(() => {
    api.clock().then(onClock, () => {});
  }, [onClock]);

  const onMessage = (message: LiveMessage) => {
    switch (message.type) {
      case "exchange": {
        setTraffic((view) => appendExchange(view, message.exchange));
        // A write that reached the embedded org changes what it holds, even if no org event follows.
        if (embeddedIds.has(message.exchange.targetId) && message.exchange.request.method !== "GET") {
          org.refresh();
          if (message.exchange.cause.groupId) orgGroups.refresh();
        }
        break;
      }
      case "directory":
        if (message.event.type.startsWith("group.")) groups.refresh();
        else {
          users.refresh();
          // A deleted user leaves every group.
          if (message.event.type === "user.deleted") groups.refresh();
        }
        break;
      case "targets.changed":
        targets.refresh();
        break;
      case "cycle":
        setCycles((activity) => applyCycle(activity, message));
        // A cycle's end can change the target's health and its next runs.
        if (message.phase === "end") targets.refresh();
        break;
      case "clock":
        setClock(readingOf(message));
        // The next runs are on the simulated clock; a jump or a new speed moves them.
        targets.refresh();
        break;
      case "scenario":
        setScenarioRun((run) => applyScenario(run, message));
        if (message.phase === "end") {
          // Steps skipped after a failure are not announced one by one; the result lists them.
          api.scenarioRun(message.runId).then(
            (state) => setScenarioRun((run) => applyResult(run, state)),
            () => {},
          );
        }
        break;
      case "check":
        publishCheck(message);
        break;
      case "target-org.changed":
        if (message.resourceType === "Group") orgGroups.refresh();
        else {
          org.refresh();
          // Group members are named by the org's userNames; a renamed or removed user changes how they read.
          orgGroups.refresh();
        }
        break;
    }
  };

  // Every (re)connect re-reads everything: events sent while the socket was down are gone.
  const onOpen = () => {
    users.refresh();
    groups.refresh();
    targets.refresh();
    org.refresh();
    orgGroups.refresh();
    health.refresh();
    readClock();
    seedTraffic();
  };

  const connection = useLive(onMessage, onOpen);

  const trafficPanel = (
    <TrafficPanel
      rows={traffic.rows}
      targets={targets.data}
      onClear={() => setTraffic((view) => clearTraffic(view))}
    />
  );

  return (
    <div className={`app app-view-${view}`}>
      <AppHeader
        version={health.data?.version}
        connection={connection}
        clock={<SimClock reading={clock} onReading={onClock} onError={notify} />}
      >
        <ViewTabs
          view={view}
          onChange={setView}
          counts={{ users: users.data?.length, groups: groups.data?.length }}
        />
      </AppHeader>
      {view === "compare" ? (
        <main className="layout layout-compare">
          <CompareView users={users.data} />
        </main>
      ) : view === "scenarios" ? (
        <main className="layout layout-scenarios">
          <ScenariosView run={scenarioRun} targets={targets.data} onError={notify} />
          {trafficPanel}
        </main>
      ) : (
        <main className="layout">
          {view === "users" ? (
            <DirectoryPanel
              users={users.data}
              error={users.error}
              onChanged={users.refresh}
              onError={notify}
              targets={targets.data}
              onNotify={notify}
            />
          ) : (
            <GroupsPanel
              groups={groups.data}
              users={users.data}
              error={groups.error}
              onChanged={groups.refresh}
            />
          )}
          <div className="flow-arrow" aria-hidden="true">
            <span>SCIM</span>→
          </div>
          {showFaults ? (
            <FaultsPanel
              strict={org.data?.info.strict}
              onOrgChanged={org.refresh}
              onClose={() => setShowFaults(false)}
            />
          ) : view === "users" ? (
            <TargetOrgPanel org={org.data} error={org.error} onShowFaults={() => setShowFaults(true)} />
          ) : (
            <OrgGroupsPanel
              groups={orgGroups.data}
              users={org.data?.users}
              error={orgGroups.error}
              onShowFaults={() => setShowFaults(true)}
            />
          )}
          <TargetsPanel
            targets={targets.data}
            users={users.data}
            groups={groups.data}
            error={targets.error}
            cycles={cycles}
            onChanged={targets.refresh}
            onNotify={notify}
          />
          {trafficPanel}
        </main>
      )}
      <ToastStack
        toasts={toasts}
        onDismiss={(id) => setToasts((current) => current.filter((t) => t.id !== id))}
      />
    </div>
  );
}
