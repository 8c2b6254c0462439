import type { ReactNode } from "react";
import type { ConnectionState } from "../live";
import { ConnectionIndicator } from "./connection-indicator";
import "./app-header.css";

interface Props {
  version: string | undefined;
  connection: ConnectionState;
  /** The view tabs, between the brand and the connection. */
  children?: ReactNode;
  /** The simulated clock, beside the connection. */
  clock?: ReactNode;
  /** Actions on the whole demo (Reset demo), before the clock. */
  actions?: ReactNode;
}

export function AppHeader({ version, connection, children, clock, actions }: Props) {
  return (
    <header className="app-header">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          ⇄
        </span>
        <h1>SCIMulator</h1>
        {version && (
          <span className="version" data-testid="version">
            v{version}
          </span>
        )}
        <span className="tagline">mock identity provider · SCIM 2.0 provisioning, live</span>
      </div>
      {children}
      <div className="header-right">
        {actions}
        {clock}
        <ConnectionIndicator state={connection} />
      </div>
    </header>
  );
}
