import type { SignInFacts } from "../../server/protocol";
import { JsonView } from "./json-view";
import "./sign-in-facts.css";

/** What a sign-in exchange decided: the app, the person, the outcome, and the claims the app received. */
export function SignInFactsView({ facts }: { facts: SignInFacts }) {
  return (
    <div className="sign-in-facts" data-testid="sign-in-facts" data-outcome={facts.outcome}>
      <div>
        <span className={`sign-in-outcome outcome-${facts.outcome}`}>{facts.outcome}</span>{" "}
        {facts.protocol.toUpperCase()} sign-in to <b>{facts.appName}</b>{" "}
        <span className="muted">({facts.profile} dialect)</span>
        {facts.userName && (
          <>
            {" "}
            as <span className="mono">{facts.userName}</span>
          </>
        )}
      </div>
      {facts.error && (
        <p className="sign-in-error" role="alert" data-testid="sign-in-error">
          {facts.error}
        </p>
      )}
      {facts.claims && (
        <details open>
          <summary>{facts.protocol === "saml" ? "NameID and attributes" : "claims"} the app received</summary>
          <JsonView value={facts.claims} testId="sign-in-claims" />
        </details>
      )}
    </div>
  );
}
