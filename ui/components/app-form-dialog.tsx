import { useId, useState } from "react";
import {
  type AppInput,
  type AppView,
  NAME_ID_CHOICES,
  type NameIdChoice,
  SIGN_IN_PROFILES,
  type SignInProfile,
  type SignInProtocol,
} from "../../server/protocol";
import { appsApi } from "../apps-api";
import { useSubmit } from "../use-submit";
import { FormDialog } from "./form-dialog";

interface Props {
  onCreated: (app: AppView) => void;
  onClose: () => void;
}

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/** Registers an app at the embedded IdP: an OIDC client with its redirect URIs, or a SAML SP with its ACS URL. */
export function AppFormDialog({ onCreated, onClose }: Props) {
  const [name, setName] = useState("");
  const [protocol, setProtocol] = useState<SignInProtocol>("oidc");
  const [profile, setProfile] = useState<SignInProfile>("okta");
  const [redirects, setRedirects] = useState("");
  const [logout, setLogout] = useState("");
  const [acsUrl, setAcsUrl] = useState("");
  const [entityId, setEntityId] = useState("");
  const [nameId, setNameId] = useState<NameIdChoice>("userName");
  const submit = useSubmit();
  const { fieldErrors } = submit;
  const id = useId();

  const save = () =>
    submit.run(async () => {
      const input: AppInput =
        protocol === "oidc"
          ? {
              name,
              protocol,
              profile,
              redirectUris: lines(redirects),
              backchannelLogoutUri: logout.trim() || null,
            }
          : { name, protocol, profile, acsUrl: acsUrl.trim(), entityId: entityId.trim(), nameId };
      onCreated(await appsApi.create(input));
    });

  const field = (key: string, label: string, control: React.ReactNode, hint?: string) => (
    <label className={`field ${fieldErrors[key] ? "has-error" : ""}`} htmlFor={`${id}-${key}`}>
      <span className="field-label">{label}</span>
      {control}
      {hint && <span className="muted sub">{hint}</span>}
      {fieldErrors[key] && <span className="field-error">{fieldErrors[key]}</span>}
    </label>
  );

  return (
    <FormDialog
      title="Register an app"
      testId="app-form"
      onClose={onClose}
      submit={submit}
      onSubmit={save}
      form
      submitLabel="Register"
      submitTestId="save-app"
    >
      <div className="modal-body form-grid">
        {field(
          "name",
          "Name",
          <input
            id={`${id}-name`}
            data-testid="app-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />,
        )}
        {field(
          "protocol",
          "Protocol",
          <select
            id={`${id}-protocol`}
            data-testid="app-protocol"
            value={protocol}
            onChange={(e) => setProtocol(e.target.value as SignInProtocol)}
          >
            <option value="oidc">OpenID Connect</option>
            <option value="saml">SAML 2.0</option>
          </select>,
        )}
        {field(
          "profile",
          "Speaks as",
          <select
            id={`${id}-profile`}
            data-testid="app-profile"
            value={profile}
            onChange={(e) => setProfile(e.target.value as SignInProfile)}
          >
            {SIGN_IN_PROFILES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>,
          "Whose tokens, assertions and refusals the app gets",
        )}
        {protocol === "oidc" ? (
          <>
            {field(
              "redirectUris",
              "Redirect URIs",
              <textarea
                id={`${id}-redirectUris`}
                data-testid="app-redirects"
                rows={3}
                placeholder="http://localhost:3000/callback"
                value={redirects}
                onChange={(e) => setRedirects(e.target.value)}
              />,
              "One per line",
            )}
            {field(
              "backchannelLogoutUri",
              "Back-channel logout URI",
              <input
                id={`${id}-backchannelLogoutUri`}
                data-testid="app-logout"
                placeholder="optional"
                value={logout}
                onChange={(e) => setLogout(e.target.value)}
              />,
            )}
          </>
        ) : (
          <>
            {field(
              "acsUrl",
              "ACS URL",
              <input
                id={`${id}-acsUrl`}
                data-testid="app-acs"
                placeholder="http://localhost:3000/saml/acs"
                value={acsUrl}
                onChange={(e) => setAcsUrl(e.target.value)}
              />,
            )}
            {field(
              "entityId",
              "SP entity id",
              <input
                id={`${id}-entityId`}
                data-testid="app-entity"
                value={entityId}
                onChange={(e) => setEntityId(e.target.value)}
              />,
            )}
            {field(
              "nameId",
              "NameID",
              <select
                id={`${id}-nameId`}
                data-testid="app-nameid"
                value={nameId}
                onChange={(e) => setNameId(e.target.value as NameIdChoice)}
              >
                {NAME_ID_CHOICES.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>,
            )}
          </>
        )}
      </div>
    </FormDialog>
  );
}
