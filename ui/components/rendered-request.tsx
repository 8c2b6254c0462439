import { useState } from "react";
import type { Profile, RenderedExchange } from "../api";
import { RENDER_BASE_URL } from "../api";
import { trafficApi } from "../api-traffic";
import { relativeUrl, statusClass } from "../format";
import { ExplainPanel } from "./explain-panel";
import { JsonDiffView } from "./json-diff-view";
import "./rendered-request.css";

/** The headers a reader compares between dialects; accept and authorization are the same everywhere. */
const NOTABLE_HEADERS = ["user-agent", "content-type"] as const;

export interface RequestBaseline {
  methods: ReadonlySet<string>;
  paths: ReadonlySet<string>;
  headers: ReadonlyMap<string, string>;
  lines: ReadonlySet<string>;
}

interface Props {
  step: number;
  exchange: RenderedExchange;
  /** What rfc sends for the same change; null when this is rfc, or highlighting is off. */
  baseline: RequestBaseline | null;
  /** What the path is shown relative to; the compare view renders against RENDER_BASE_URL. */
  baseUrl?: string;
  /** The dialect that rendered it, whose rules explain it. */
  profile: Profile;
}

/** One request of a dialect's sequence: its number, method and path, the notable headers, the body. */
export function RenderedRequest({ step, exchange, baseline, baseUrl = RENDER_BASE_URL, profile }: Props) {
  const [explaining, setExplaining] = useState(false);
  const path = relativeUrl(exchange.url, baseUrl);
  const methodDiffers = baseline !== null && !baseline.methods.has(exchange.method);
  const pathDiffers = baseline !== null && !baseline.paths.has(path);
  return (
    <li className="rendered" data-testid="rendered-request" data-method={exchange.method} data-path={path}>
      <div className="rendered-line">
        <span className="rendered-step" title={`request ${step}`}>
          {step}
        </span>
        <span
          className={`method method-${exchange.method.toLowerCase()} ${methodDiffers ? "mark-diff" : ""}`}
          data-testid="rendered-method"
        >
          {exchange.method}
        </span>
        <span className={`rendered-path mono ${pathDiffers ? "mark-diff" : ""}`} data-testid="rendered-path">
          {path}
        </span>
        <span
          className={`status ${statusClass(exchange.assumedStatus)} rendered-status`}
          title="the answer the renderer assumed"
        >
          {exchange.assumedStatus}
        </span>
        <button
          type="button"
          className="ghost small rendered-explain"
          onClick={() => setExplaining((on) => !on)}
          aria-expanded={explaining}
          aria-label={`Explain request ${step}`}
          title="Why this request looks as it does"
          data-testid="explain-rendered"
        >
          Why?
        </button>
      </div>
      {explaining && <ExplainPanel load={() => trafficApi.explainRendered(profile, exchange)} compact />}
      <dl className="rendered-headers">
        {NOTABLE_HEADERS.map((name) => {
          const value = exchange.headers[name];
          if (value === undefined) return null;
          const differs = baseline !== null && baseline.headers.get(name) !== value;
          return (
            <div key={name} className={differs ? "mark-diff" : ""} data-testid={`rendered-header-${name}`}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          );
        })}
      </dl>
      {exchange.body !== null && (
        <JsonDiffView value={exchange.body} baseline={baseline?.lines ?? null} testId="rendered-body" />
      )}
    </li>
  );
}
