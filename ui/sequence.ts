import type { Exchange } from "../server/protocol";
import { relativeUrl } from "./format";

/** One lifeline: the directory, the engine, a target, or sign-in. */
export interface Lane {
  id: string;
  label: string;
}

/** One arrow, in the order it happened. */
export interface Step {
  from: number;
  to: number;
  label: string;
  kind: "event" | "request" | "response";
  /** The exchange a request or response arrow belongs to; a click opens it. */
  exchangeId?: string;
  failed?: boolean;
}

export type GroupKind = "edit" | "cycle" | "scenario" | "other";

/** Arrows set off by one cause: this edit, this cycle, this scenario step. */
export interface CauseGroup {
  kind: GroupKind;
  label: string;
  steps: Step[];
}

export interface Sequence {
  lanes: Lane[];
  groups: CauseGroup[];
}

export interface SequenceContext {
  targets: ReadonlyMap<string, { name: string; baseUrl: string }>;
  names: Readonly<Record<string, string>>;
}

const DIRECTORY = 0;
const ENGINE = 1;
const SIGN_IN = "sign-in";
const MAX_LABEL = 52;

/** The cause with how it was run again (retry, sweep, resume) taken off. */
const baseCause = (type: string) => type.replace(/^(retry|sweep|resume):/, "");

function kindOf(cause: string): GroupKind {
  if (/^(user|group)\./.test(cause)) return "edit";
  if (cause.startsWith("cycle:")) return "cycle";
  if (cause.startsWith("scenario:")) return "scenario";
  return "other";
}

/** An exchange that is not a SCIM push (a sign-in) names its kind; SCIM exchanges carry none. */
function kindOfExchange(exchange: Exchange): string {
  const kind: unknown = "kind" in exchange ? exchange.kind : undefined;
  return typeof kind === "string" ? kind : "scim";
}

const short = (text: string) => (text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text);

/**
 * The traffic as a sequence diagram: lifelines for the directory, the engine, sign-in (when there is any) and each
 * target, and per exchange a request arrow and its answer, grouped by what set them off. An edit's group opens
 * with the directory's event.
 */
export function buildSequence(exchanges: readonly Exchange[], context: SequenceContext): Sequence {
  const lanes: Lane[] = [
    { id: "directory", label: "Directory" },
    { id: "engine", label: "SCIMulator engine" },
  ];
  const laneOf = (id: string, label: string) => {
    const at = lanes.findIndex((l) => l.id === id);
    if (at >= 0) return at;
    lanes.push({ id, label });
    return lanes.length - 1;
  };
  if (exchanges.some((e) => kindOfExchange(e) !== "scim")) laneOf(SIGN_IN, "Sign-in");
  const groups: CauseGroup[] = [];
  let openKey: string | null = null;
  for (const exchange of exchanges) {
    const cause = baseCause(exchange.cause.type);
    const about = exchange.cause.userId ?? exchange.cause.groupId;
    const key = `${exchange.cause.type}|${about ?? ""}`;
    const kind = kindOf(cause);
    if (key !== openKey) {
      openKey = key;
      const who = about ? (context.names[about] ?? about.slice(0, 8)) : undefined;
      const label = `${kind === "other" ? cause : `${kind}: ${cause.replace(/^(cycle|scenario):/, "")}`}${who ? ` · ${who}` : ""}`;
      const group: CauseGroup = { kind, label, steps: [] };
      if (kind === "edit") group.steps.push({ from: DIRECTORY, to: ENGINE, label: cause, kind: "event" });
      groups.push(group);
    }
    const group = groups[groups.length - 1];
    if (!group) continue;
    const target = context.targets.get(exchange.targetId);
    const lane =
      kindOfExchange(exchange) === "scim"
        ? laneOf(`target:${exchange.targetId}`, target?.name ?? `target ${exchange.targetId.slice(0, 8)}`)
        : laneOf(SIGN_IN, "Sign-in");
    const path = relativeUrl(exchange.request.url, target?.baseUrl);
    const status = exchange.response?.status;
    const failed = status === undefined || status === 0 || status >= 400;
    group.steps.push(
      {
        from: ENGINE,
        to: lane,
        label: short(`${exchange.request.method} ${path}`),
        kind: "request",
        exchangeId: exchange.id,
      },
      {
        from: lane,
        to: ENGINE,
        label:
          status === undefined || status === 0
            ? `ERR ${short(exchange.error ?? "no answer")}`
            : String(status),
        kind: "response",
        exchangeId: exchange.id,
        failed,
      },
    );
  }
  return { lanes, groups };
}

/** Mermaid treats these as syntax inside a message; their entity codes read the same once rendered. */
const mermaidText = (text: string) =>
  text.replace(/[;#]/g, (c) => `#${c.charCodeAt(0)};`).replace(/\n/g, " ");

const GROUP_FILL: Record<GroupKind, string> = {
  edit: "rgb(236, 234, 254)",
  cycle: "rgb(224, 236, 253)",
  scenario: "rgb(220, 245, 232)",
  other: "rgb(238, 240, 245)",
};

/** The same diagram as Mermaid text, for docs: one participant per lifeline, one rect per cause. */
export function toMermaid(sequence: Sequence): string {
  const alias = (i: number) => `P${i}`;
  const lines = ["sequenceDiagram"];
  sequence.lanes.forEach((lane, i) => {
    lines.push(`  participant ${alias(i)} as ${mermaidText(lane.label)}`);
  });
  const last = alias(sequence.lanes.length - 1);
  for (const group of sequence.groups) {
    lines.push(`  rect ${GROUP_FILL[group.kind]}`);
    lines.push(`    Note over ${alias(0)},${last}: ${mermaidText(group.label)}`);
    for (const step of group.steps) {
      const arrow = step.kind === "response" ? "-->>" : "->>";
      lines.push(`    ${alias(step.from)}${arrow}${alias(step.to)}: ${mermaidText(step.label)}`);
    }
    lines.push("  end");
  }
  return `${lines.join("\n")}\n`;
}
