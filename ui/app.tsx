import { useCallback, useMemo, useRef, useState } from "react";
import type { Exchange, LiveMessage } from "../server/protocol";
import { api } from "./api";
import { AppHeader } from "./components/app-header";
import { DirectoryPanel } from "./components/directory-panel";
import { type OrgSnapshot, TargetOrgPanel } from "./components/target-org-panel";
import { TargetsPanel } from "./components/targets-panel";
import { type Toast, ToastStack } from "./components/toast-stack";
import { TrafficPanel } from "./components/traffic-panel";
import { useLive } from "./live";
import { appendExchange, clearTraffic, emptyTraffic, mergeLog, type TrafficView } from "./traffic";
import { useLoader } from "./use-loader";

const TOAST_MS = 6000;

async function loadOrg(): Promise<OrgSnapshot> {
  const info = await api.targetOrg();
  return { info, users: await api.orgUsers(info) };
}

export function App() {
  const health = useLoader(api.health);
  const users = useLoader(api.users);
  const targets = useLoader(api.targets);
  const org = useLoader(loadOrg);
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
        if (embeddedIds.has(message.exchange.targetId) && message.exchange.request.method !== "GET")
          org.refresh();
        break;
      }
      case "directory":
        users.refresh();
        break;
      case "targets.changed":
        targets.refresh();
        break;
      case "target-org.changed":
        org.refresh();
        break;
    }
  };

  // Every (re)connect re-reads everything: events sent while the socket was down are gone.
  const onOpen = () => {
    users.refresh();
    targets.refresh();
    org.refresh();
    health.refresh();
    seedTraffic();
  };

  const connection = useLive(onMessage, onOpen);

  return (
    <div className="app">
      <AppHeader version={health.data?.version} connection={connection} />
      <main className="layout">
        <DirectoryPanel users={users.data} error={users.error} onChanged={users.refresh} onError={notify} />
        <div className="flow-arrow" aria-hidden="true">
          <span>SCIM</span>→
        </div>
        <TargetOrgPanel org={org.data} error={org.error} />
        <TargetsPanel targets={targets.data} error={targets.error} />
        <TrafficPanel
          rows={traffic.rows}
          targets={targets.data}
          onClear={() => setTraffic((view) => clearTraffic(view))}
        />
      </main>
      <ToastStack
        toasts={toasts}
        onDismiss={(id) => setToasts((current) => current.filter((t) => t.id !== id))}
      />
    </div>
  );
}
