import { forwardRef } from "react";
import type { GroupKind, Sequence, Step } from "../sequence";
import "./sequence-diagram.css";

interface Props {
  sequence: Sequence;
  onOpen: (exchangeId: string) => void;
  openId?: string;
}

const LANE_W = 210;
const HEAD = 52;
const ROW = 30;
const GROUP_HEAD = 26;
const GAP = 10;
const PAD = 12;

// Colours are attributes, not classes, so an exported file looks the same outside the page.
const FILL: Record<GroupKind, string> = {
  edit: "#eceafe",
  cycle: "#e0ecfd",
  scenario: "#dcf5e8",
  other: "#eef0f5",
};
const INK = "#131a2a";
const LINE = "#8a93a8";
const REQUEST = "#3730a3";
const OK = "#0e7d48";
const BAD = "#c8242f";

const laneX = (i: number) => PAD + LANE_W / 2 + i * LANE_W;

/** The height the diagram needs, so the page can scroll it and follow its bottom. */
export function sequenceHeight(sequence: Sequence): number {
  return sequence.groups.reduce((h, g) => h + GROUP_HEAD + g.steps.length * ROW + GAP, HEAD + PAD) + PAD;
}

function Arrow({
  step,
  y,
  open,
  onOpen,
}: {
  step: Step;
  y: number;
  open: boolean;
  onOpen: (id: string) => void;
}) {
  const x1 = laneX(step.from);
  const x2 = laneX(step.to);
  const dir = x2 > x1 ? 1 : -1;
  const color = step.kind === "event" ? INK : step.kind === "request" ? REQUEST : step.failed ? BAD : OK;
  const id = step.exchangeId;
  const activate = () => id && onOpen(id);
  const label = (
    <text x={(x1 + x2) / 2} y={y - 6} textAnchor="middle" fontSize="12" fill={color} fontFamily="monospace">
      {step.label}
    </text>
  );
  const line = (
    <>
      <line
        x1={x1}
        y1={y}
        x2={x2 - dir * 6}
        y2={y}
        stroke={color}
        strokeWidth={open ? 3 : 1.6}
        strokeDasharray={step.kind === "response" ? "5 4" : undefined}
      />
      <path d={`M ${x2} ${y} l ${-dir * 8} -4 l 0 8 z`} fill={color} />
    </>
  );
  if (!id)
    return (
      <g data-kind={step.kind}>
        {line}
        {label}
      </g>
    );
  // A real link to the exchange: focusable, opened with Enter, and a middle click opens it in a new tab.
  return (
    <a
      href={`/?view=traffic&exchange=${encodeURIComponent(id)}`}
      className="seq-arrow"
      aria-label={`${step.kind === "request" ? "Request" : "Answer"} ${step.label}: open the exchange`}
      onClick={(event) => {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        activate();
      }}
      data-testid="sequence-arrow"
      data-kind={step.kind}
      data-exchange-id={id}
    >
      {/* A wide invisible band makes a thin arrow easy to hit. */}
      <rect x={Math.min(x1, x2)} y={y - 18} width={Math.abs(x2 - x1)} height={24} fill="transparent" />
      {line}
      {label}
    </a>
  );
}

/** The traffic as a sequence diagram, drawn as plain SVG: lifelines, arrows, and a band per cause. */
export const SequenceDiagram = forwardRef<SVGSVGElement, Props>(function SequenceDiagram(
  { sequence, onOpen, openId },
  ref,
) {
  const width = PAD * 2 + sequence.lanes.length * LANE_W;
  const height = sequenceHeight(sequence);
  let y = HEAD + PAD;
  return (
    <svg
      ref={ref}
      xmlns="http://www.w3.org/2000/svg"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      className="sequence-svg"
      data-testid="sequence-diagram"
      aria-label="Sequence diagram of the traffic"
      fontFamily="system-ui, sans-serif"
    >
      <rect x={0} y={0} width={width} height={height} fill="#ffffff" />
      {sequence.lanes.map((lane, i) => (
        <g key={lane.id} data-testid="sequence-lane" data-lane={lane.id}>
          <line x1={laneX(i)} y1={HEAD} x2={laneX(i)} y2={height - PAD} stroke={LINE} strokeDasharray="2 4" />
          <rect
            x={laneX(i) - LANE_W / 2 + 8}
            y={PAD}
            width={LANE_W - 16}
            height={HEAD - PAD - 6}
            rx={8}
            fill="#131a2a"
          />
          <text x={laneX(i)} y={PAD + 22} textAnchor="middle" fontSize="13" fontWeight="650" fill="#ffffff">
            {lane.label.length > 26 ? `${lane.label.slice(0, 25)}…` : lane.label}
          </text>
        </g>
      ))}
      {sequence.groups.map((group, g) => {
        const top = y;
        y += GROUP_HEAD + group.steps.length * ROW + GAP;
        return (
          // Groups have no stable id: the diagram is redrawn from the log each time.
          // biome-ignore lint/suspicious/noArrayIndexKey: their order is their identity
          <g key={g} data-testid="sequence-group" data-kind={group.kind}>
            <rect
              x={PAD / 2}
              y={top}
              width={width - PAD}
              height={GROUP_HEAD + group.steps.length * ROW}
              rx={6}
              fill={FILL[group.kind]}
            />
            <text x={PAD} y={top + 17} fontSize="12.5" fontWeight="650" fill={INK}>
              {group.label}
            </text>
            {group.steps.map((step, s) => (
              <Arrow
                // biome-ignore lint/suspicious/noArrayIndexKey: a step is its position in its group
                key={s}
                step={step}
                y={top + GROUP_HEAD + s * ROW + ROW / 2 + 6}
                open={step.exchangeId !== undefined && step.exchangeId === openId}
                onOpen={onOpen}
              />
            ))}
          </g>
        );
      })}
    </svg>
  );
});
