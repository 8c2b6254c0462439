import { type ReactNode, useCallback, useMemo, useReducer, useState } from "react";
import type { LiveMessage } from "../server/protocol";
import { api, type ClockState, type DemoReset } from "./api";
import { AppChrome } from "./components/app-chrome";
import { AppHeader } from "./components/app-header";
import { SignInView } from "./components/apps-view";
import { CompareView } from "./components/compare-view";
import { DirectoryPanel } from "./components/directory-panel";
import { FaultsPanel } from "./components/faults-panel";
import { GroupsPanel } from "./components/groups-panel";
import { LeftoversNotice } from "./components/leftovers-notice";
import { OrgControls } from "./components/org-controls";
import { OrgGroupsPanel } from "./components/org-groups-panel";
import { ResetDemo } from "./components/reset-demo";
import { ScenariosView } from "./components/scenarios-view";
import { SimClock } from "./components/sim-clock";
import { TargetOrgPanel } from "./components/target-org-panel";
import { TargetsPanel } from "./components/targets-panel";
import { ToastStack } from "./components/toast-stack";
import { TrafficPanel } from "./components/traffic-panel";
import { TrafficView } from "./components/traffic-view";
import { ViewTabs } from "./components/view-tabs";
import { applyCycle, type CycleActivity, noCycles } from "./cycles";
import { counted } from "./format";
import { useLive } from "./live";
import { publishLive } from "./live-bus";
import { loadOrgGroups, loadOrgUsers } from "./org-lists";
import { usePreferences } from "./preferences";
import { applyResult, applyScenario, type ScenarioRun } from "./scenario-run";
import { type ClockReading, readingOf } from "./sim-time";
import { useAppLocation } from "./url-state";
import { useLinkedRun } from "./use-linked-run";
import { useLoader } from "./use-loader";
import { useToasts } from "./use-toasts";

export function App() {
  const [location, navigate] = useAppLocation();
  const { view } = location;
  const prefs = usePreferences();
  const health = useLoader(api.health);
  const userTotals = useLoader(api.userTotals);
  const groups = useLoader(api.groups);
  const targets = useLoader(api.targets);
  const org = useLoader(api.targetOrg);
  const orgUsers = useLoader(loadOrgUsers, view === "groups");
  // Goes up whenever a write may have changed the org's users: its panel reads the rows in view again.
  const [orgChanges, orgChanged] = useReducer((n: number) => n + 1, 0);
  const orgGroups = useLoader(loadOrgGroups);
  const orgRoles = useLoader(api.orgRoles);
  const { toasts, notify, dismiss } = useToasts();
  const [cycles, setCycles] = useState<CycleActivity>(noCycles);
  const [clock, setClock] = useState<ClockReading | null>(null);
  const [scenarioRun, setScenarioRun] = useState<ScenarioRun | null>(null);
  const [showFaults, setShowFaults] = useState(false);

  useLinkedRun(location.run, scenarioRun, setScenarioRun, (run) => navigate({ run }), notify);

  const embeddedIds = useMemo(
    () => new Set((targets.data ?? []).filter((t) => t.embedded).map((t) => t.id)),
    [targets.data],
  );

  // A new preset can move the org's base URL, so its info is read again before its users and groups.
  const refreshOrgSettings = () => {
    org.refresh();
    orgUsersChanged();
    orgGroups.refresh();
    orgRoles.refresh();
  };

  const orgUsersChanged = () => {
    orgChanged();
    orgUsers.refresh();
  };

  const usersChanged = () => userTotals.refresh();

  /** After a change that sends no events (leftovers kept): every list of the directory is read again. */
  const directoryChanged = () => {
    usersChanged();
    groups.refresh();
    publishLive({ type: "reread" });
  };

  const onClock = useCallback((state: ClockState) => setClock(readingOf(state)), []);

  const readClock = useCallback(() => {
    api.clock().then(onClock, () => {});
  }, [onClock]);

  const onMessage = (message: LiveMessage) => {
    // Panels that keep their own rows (the directory, the traffic) take what they need from here.
    publishLive(message);
    switch (message.type) {
      case "exchange": {
        // A write that reached the embedded org changes what it holds, even if no org event follows.
        if (embeddedIds.has(message.exchange.targetId) && message.exchange.request.method !== "GET") {
          org.refresh();
          orgUsersChanged();
          orgRoles.refresh();
          if (message.exchange.cause.groupId) orgGroups.refresh();
        }
        break;
      }
      case "directory":
        if (message.event.type.startsWith("group.")) groups.refresh();
        else {
          usersChanged();
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
          // The run's leftovers are final now: read the lists once more, so the leftovers notice counts all of them.
          directoryChanged();
          // Steps skipped after a failure are not announced one by one; the result lists them.
          api.scenarioRun(message.runId).then(
            (state) => setScenarioRun((run) => applyResult(run, state)),
            () => {},
          );
        }
        break;
      case "target-org.changed":
        // Roles come from group membership, so any user or group change can change them.
        orgRoles.refresh();
        if (message.resourceType === "Group") orgGroups.refresh();
        else {
          org.refresh();
          orgUsersChanged();
          // Group members are named by the org's userNames; a renamed or removed user changes how they read.
          orgGroups.refresh();
        }
        break;
      case "lagged":
        // Messages were dropped for this page while it could not keep up: re-read, as after a reconnect.
        reloadAll();
        break;
      case "target-org.settings":
        refreshOrgSettings();
        // The embedded target follows the org to its new base URL.
        targets.refresh();
        break;
    }
  };

  // Every (re)connect re-reads everything: events sent while the socket was down are gone.
  const reloadAll = () => {
    directoryChanged();
    targets.refresh();
    refreshOrgSettings();
    health.refresh();
    readClock();
  };

  const connection = useLive(onMessage, reloadAll);

  // A reset emptied the log and removed every target: what the page still holds of them is gone too.
  const onReset = (result: DemoReset) => {
    setCycles(noCycles);
    setScenarioRun(null);
    // What the address selected is gone with the reset.
    navigate({ run: undefined, exchange: undefined, user: undefined, traffic: {} });
    reloadAll();
    notify(`Demo reset: ${counted(result.users, "user")}, ${counted(result.targets, "target")}`, "info");
  };

  const leftovers = <LeftoversNotice onChanged={directoryChanged} onNotify={notify} />;

  const orgControls = (
    <OrgControls
      info={org.data}
      roles={orgRoles.data}
      onSettingsChanged={refreshOrgSettings}
      onError={notify}
      onShowFaults={() => setShowFaults(true)}
    />
  );

  const trafficPanel = <TrafficPanel targets={targets.data} />;
  const counts = { users: userTotals.data?.total, groups: groups.data?.length };
  const header = (buttons: ReactNode) => (
    <AppHeader
      version={health.data?.version}
      connection={connection}
      clock={<SimClock reading={clock} onReading={onClock} onError={notify} />}
      actions={[<ResetDemo key="reset" onReset={onReset} onError={notify} />, buttons]}
    >
      <ViewTabs view={view} onChange={(next) => navigate({ view: next })} counts={counts} />
    </AppHeader>
  );

  return (
    <div className={`app app-view-${view}`}>
      <AppChrome location={location} navigate={navigate} prefs={prefs} header={header} />
      {view === "traffic" ? (
        <TrafficView
          targets={targets.data}
          traffic={location.traffic}
          openId={location.exchange}
          onTraffic={(traffic) => navigate({ traffic })}
          onOpen={(exchange) => navigate({ exchange })}
        />
      ) : view === "compare" ? (
        <main className="layout layout-compare">
          <CompareView />
        </main>
      ) : view === "sign-in" ? (
        <SignInView onError={notify} traffic={trafficPanel} />
      ) : view === "scenarios" ? (
        <main className="layout layout-scenarios">
          <ScenariosView
            run={scenarioRun}
            targets={targets.data}
            selected={location.scenario}
            onSelect={(scenario) => navigate({ scenario })}
            onError={notify}
          />
          {trafficPanel}
        </main>
      ) : (
        <main className="layout">
          {view === "users" ? (
            <DirectoryPanel
              totals={userTotals.data}
              onError={notify}
              targets={targets.data}
              onNotify={notify}
              notice={leftovers}
              onShowTraffic={(user) =>
                navigate({ view: "traffic", traffic: { user: user.id }, exchange: undefined })
              }
              selectedUserId={location.user}
              onSelectUser={(user) => navigate({ user })}
            />
          ) : (
            <GroupsPanel
              groups={groups.data}
              error={groups.error}
              onChanged={groups.refresh}
              notice={leftovers}
            />
          )}
          <div className="flow-arrow" aria-hidden="true">
            <span>SCIM</span>→
          </div>
          {showFaults ? (
            <FaultsPanel
              strict={org.data?.strict}
              onOrgChanged={refreshOrgSettings}
              onClose={() => setShowFaults(false)}
            />
          ) : view === "users" ? (
            <TargetOrgPanel
              info={org.data}
              error={org.error}
              changes={orgChanges}
              roles={orgRoles.data}
              controls={orgControls}
            />
          ) : (
            <OrgGroupsPanel
              groups={orgGroups.data}
              users={orgUsers.data}
              error={orgGroups.error}
              controls={orgControls}
            />
          )}
          <TargetsPanel
            targets={targets.data}
            groups={groups.data}
            error={targets.error}
            cycles={cycles}
            onChanged={targets.refresh}
            onNotify={notify}
            selection={{ id: location.target, select: (target) => navigate({ target }) }}
          />
          {trafficPanel}
        </main>
      )}
      <ToastStack toasts={toasts} onDismiss={dismiss} />
    </div>
  );
}
