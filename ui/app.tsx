import { useCallback, useMemo, useRef, useState } from "react";
import type { Exchange, LiveMessage } from "../server/protocol";
import { api, type ScimGroup } from "./api";
import { AppHeader } from "./components/app-header";
import { CompareView } from "./components/compare-view";
import { DirectoryPanel } from "./components/directory-panel";
import { GroupsPanel } from "./components/groups-panel";
import { OrgGroupsPanel } from "./components/org-groups-panel";
import { type OrgSnapshot, TargetOrgPanel } from "./components/target-org-panel";
import { TargetsPanel } from "./components/targets-panel";
import { type Toast, ToastStack } from "./components/toast-stack";
import { TrafficPanel } from "./components/traffic-panel";
import { type View, ViewTabs } from "./components/view-tabs";
import { useLive } from "./live";
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
    seedTraffic();
  };

  const connection = useLive(onMessage, onOpen);

  return (
    <div className={`app app-view-${view}`}>
      <AppHeader version={health.data?.version} connection={connection}>
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
          {view === "users" ? (
            <TargetOrgPanel org={org.data} error={org.error} />
          ) : (
            <OrgGroupsPanel groups={orgGroups.data} users={org.data?.users} error={orgGroups.error} />
          )}
          <TargetsPanel
            targets={targets.data}
            users={users.data}
            groups={groups.data}
            error={targets.error}
            onChanged={targets.refresh}
            onNotify={notify}
          />
          <TrafficPanel
            rows={traffic.rows}
            targets={targets.data}
            onClear={() => setTraffic((view) => clearTraffic(view))}
          />
        </main>
      )}
      <ToastStack
        toasts={toasts}
        onDismiss={(id) => setToasts((current) => current.filter((t) => t.id !== id))}
      />
    </div>
  );
}
