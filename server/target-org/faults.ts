import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import { z } from "zod";
import { parseOrThrow } from "../problem";
import { FAULT_METHODS, FAULT_STATUSES, type Fault, type FaultInput, OBSERVER_HEADER } from "../protocol";

export { OBSERVER_HEADER };

export const faultSchema = z
  .strictObject(
    {
      status: z
        .union(
          FAULT_STATUSES.map((s) => z.literal(s)),
          { error: `must be one of ${FAULT_STATUSES.join(", ")}` },
        )
        .optional(),
      retryAfterSeconds: z.int("must be a whole number of seconds").min(0).max(86_400).optional(),
      latencyMs: z.int("must be a whole number of milliseconds").min(0).max(600_000).optional(),
      hang: z.boolean("must be true or false").optional(),
      drop: z.boolean("must be true or false").optional(),
      count: z.int("must be a whole number").min(1).max(1_000_000).optional(),
      rate: z.number("must be a number from 0 to 1").min(0).max(1).optional(),
      method: z.enum(FAULT_METHODS, `must be ${FAULT_METHODS.join(", ")}`).optional(),
      path: z.string("must be a path such as /Users").min(1).max(512).optional(),
    },
    "must be a JSON object",
  )
  .refine((f) => f.status !== undefined || f.latencyMs !== undefined || f.hang || f.drop, {
    message: "needs one of status, latencyMs, hang or drop",
    path: ["status"],
  })
  .refine((f) => !(f.count !== undefined && f.rate !== undefined), {
    message: "count and rate cannot be combined; pick one",
    path: ["rate"],
  });

// The schema's output must be exactly the wire's FaultInput, so the two cannot drift apart.
const _sameShape: z.infer<typeof faultSchema> extends FaultInput
  ? FaultInput extends z.infer<typeof faultSchema>
    ? true
    : never
  : never = true;
void _sameShape;

export type { Fault, FaultInput };

const HANG_MS = 10 * 60_000;

/**
 * Fault injection in front of the embedded org: the next `count` requests (or a `rate` of them), optionally only
 * of one method or under one path, get a status, extra latency, a hang past any timeout, or a dropped connection.
 * Faults live in memory: they are test and demo knobs, not data.
 */
export function createFaults() {
  let faults: Fault[] = [];

  function pick(method: string, path: string): Fault | undefined {
    for (const fault of faults) {
      if (fault.method && fault.method !== method) continue;
      if (fault.path && !path.startsWith(fault.path)) continue;
      if (fault.count !== undefined && fault.fired >= fault.count) continue;
      if (fault.rate !== undefined && Math.random() >= fault.rate) continue;
      return fault;
    }
    return undefined;
  }

  const middleware: RequestHandler = async (req, res, next) => {
    // Reads made to watch the org (the UI, a scenario's expectations) must not use up or trip a fault meant
    // for the IdP's provisioning traffic.
    if (req.get(OBSERVER_HEADER)) return next();
    const fault = pick(req.method, req.path);
    if (!fault) return next();
    fault.fired++;
    if (fault.drop) {
      req.socket.destroy();
      return;
    }
    if (fault.hang) {
      const timer = setTimeout(() => req.socket.destroy(), HANG_MS);
      req.socket.once("close", () => clearTimeout(timer));
      return;
    }
    // Latency is wall-clock time: it is about how the HTTP exchange feels, not about simulated schedules.
    if (fault.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (fault.status === undefined) return next();
    if (fault.retryAfterSeconds !== undefined) res.setHeader("Retry-After", String(fault.retryAfterSeconds));
    res
      .status(fault.status)
      .type("application/scim+json")
      .send(
        JSON.stringify({
          schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
          status: String(fault.status),
          detail: `Injected fault ${fault.id} (${fault.fired}${fault.count ? ` of ${fault.count}` : ""})`,
        }),
      );
  };

  return {
    middleware,
    list: (): Fault[] => faults.map((f) => ({ ...f })),
    add(body: unknown): Fault {
      const input = parseOrThrow(faultSchema, body, "fault");
      const fault: Fault = { ...input, id: randomUUID(), fired: 0, createdAt: new Date().toISOString() };
      faults.push(fault);
      return { ...fault };
    },
    clear(): number {
      const n = faults.length;
      faults = [];
      return n;
    },
  };
}

export type Faults = ReturnType<typeof createFaults>;
