import { type ReactNode, useState } from "react";
import type { AppView } from "../../server/protocol";
import { appsApi } from "../apps-api";
import { useLoader } from "../use-loader";
import { AppFormDialog } from "./app-form-dialog";
import { ConfirmDialog } from "./confirm-dialog";
import { Panel } from "./panel";
import "./apps-view.css";

interface Props {
  onError: (message: string) => void;
}

/** One app's facts: what the app's own configuration needs, copied from here. */
function AppFacts({ app }: { app: AppView }) {
  const rows: Array<[string, string | null | undefined]> =
    app.protocol === "oidc"
      ? [
          ["Client id", app.clientId],
          ["Issuer", app.endpoints.issuer],
          [
            "Discovery",
            app.endpoints.issuer ? `${app.endpoints.issuer}/.well-known/openid-configuration` : null,
          ],
          ["Redirect URIs", app.redirectUris.join(", ") || "none"],
          ["Back-channel logout", app.backchannelLogoutUri],
        ]
      : [
          ["SP entity id", app.entityId],
          ["ACS URL", app.acsUrl],
          ["NameID", app.nameId],
          ["IdP metadata", app.endpoints.metadata],
          ["SSO URL", app.endpoints.sso],
        ];
  return (
    <dl className="app-facts">
      {rows
        .filter(([, value]) => value)
        .map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd className="mono">{value}</dd>
          </div>
        ))}
    </dl>
  );
}

/** The Sign-in view: the apps, beside the live traffic where their sign-ins show. */
export function SignInView({ onError, traffic }: Props & { traffic: ReactNode }) {
  return (
    <main className="layout layout-scenarios">
      <AppsView onError={onError} />
      {traffic}
    </main>
  );
}

/**
 * The apps that sign in at the embedded IdP, on the same directory SCIMulator provisions: a deactivated or
 * unassigned user is refused here with the IdP's own error.
 */
export function AppsView({ onError }: Props) {
  const apps = useLoader(appsApi.list);
  const [registering, setRegistering] = useState(false);
  const [created, setCreated] = useState<AppView | null>(null);
  const [removing, setRemoving] = useState<AppView | null>(null);
  const list = apps.data ?? [];
  return (
    <Panel
      title="Sign-in apps"
      subtitle="OIDC clients and SAML service providers of the embedded IdP. A test IdP: never expose it as a real one."
      count={list.length}
      testId="apps-view"
      actions={
        <button
          type="button"
          className="primary small"
          onClick={() => setRegistering(true)}
          data-testid="add-app"
        >
          Register an app
        </button>
      }
    >
      {created?.clientSecret && (
        <div className="callout" role="status" data-testid="app-secret">
          <strong>{created.name}</strong>: client secret <code className="mono">{created.clientSecret}</code>.
          It is shown this once; copy it into the app's configuration now.
          <button type="button" className="ghost small" onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      )}
      {apps.error && <p className="form-error">{apps.error}</p>}
      <ul className="apps-list">
        {list.map((app) => (
          <li key={app.id} className="app-card" data-testid="app-row" data-app-name={app.name}>
            <header>
              <h3>{app.name}</h3>
              <span className="badge">{app.protocol === "oidc" ? "OIDC" : "SAML"}</span>
              <span className="badge">{app.profile}</span>
              <span className="muted sub">
                {app.scope === "all" ? "everyone in the directory" : "assigned users"}
              </span>
              <span className="spacer" />
              {app.builtIn ? (
                <a href="/demo-app" target="_blank" rel="noreferrer" data-testid="open-demo-app">
                  Open the demo app
                </a>
              ) : (
                app.endpoints.idpInitiated && (
                  <a href={app.endpoints.idpInitiated} target="_blank" rel="noreferrer">
                    Sign in from the IdP
                  </a>
                )
              )}
              {!app.builtIn && (
                <button
                  type="button"
                  className="ghost small"
                  onClick={() => setRemoving(app)}
                  data-testid="remove-app"
                >
                  Remove
                </button>
              )}
            </header>
            <AppFacts app={app} />
          </li>
        ))}
        {list.length === 0 && !apps.error && <li className="muted">No apps yet.</li>}
      </ul>
      {registering && (
        <AppFormDialog
          onClose={() => setRegistering(false)}
          onCreated={(app) => {
            setRegistering(false);
            setCreated(app);
            apps.refresh();
          }}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing.name}?`}
          confirmLabel="Remove"
          danger
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await appsApi.remove(removing.id).catch((err: unknown) => onError(String(err)));
            setRemoving(null);
            apps.refresh();
          }}
        >
          <p>Its users can no longer sign in to it; its sessions end.</p>
        </ConfirmDialog>
      )}
    </Panel>
  );
}
