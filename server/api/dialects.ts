import { Router } from "express";
import { z } from "zod";
import type { Directory } from "../directory/directory";
import { userChangesSchema } from "../directory/user-schema";
import { Problem, parseOrThrow } from "../problem";
import {
  COMMON_TARGET_OPTIONS,
  type DialectFacts,
  PROFILES,
  RENDER_BASE_URL,
  RENDER_OPERATIONS,
  type User,
} from "../protocol";
import { dialectFor, explainRequest } from "../provisioning/dialects";
import { beforeAndAfter, renderAll } from "../provisioning/dry-run";
import { optionsSchema } from "../targets/target-schema";

const renderSchema = z.strictObject({
  operation: z.enum(RENDER_OPERATIONS, `must be one of ${RENDER_OPERATIONS.join(", ")}`),
  userId: z.string().optional(),
  user: userChangesSchema.optional(),
  changes: userChangesSchema.optional(),
  profiles: z
    .array(z.enum(PROFILES, `must be one of ${PROFILES.join(", ")}`))
    .min(1)
    .optional(),
  options: optionsSchema.optional(),
  baseUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
});

const explainSchema = z.strictObject({
  profile: z.enum(PROFILES, `must be one of ${PROFILES.join(", ")}`),
  request: z.object({
    method: z.string().regex(/^[A-Za-z]{1,16}$/, "must be an HTTP method"),
    url: z.string().min(1).max(4096),
    body: z.unknown(),
  }),
});

const SAMPLE: User = {
  id: "3f0b2c1e-5d4a-4c1b-9e8f-0a1b2c3d4e5f",
  userName: "jordan.lee@example.com",
  givenName: "Jordan",
  familyName: "Lee",
  displayName: "Jordan Lee",
  email: "jordan.lee@example.com",
  title: "Account Executive",
  department: "Sales",
  employeeNumber: "1042",
  managerId: null,
  phone: null,
  locale: "en-US",
  active: true,
  passwordSet: false,
  origin: null,
  createdAt: "2026-01-05T09:00:00.000Z",
  updatedAt: "2026-01-05T09:00:00.000Z",
};

const without = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<User>;

/** The compare view: one change, as every dialect would send it, rendered without sending anything. */
export function dialectsRoutes(directory: Directory): Router {
  const router = Router();
  // Each dialect's defaults, headers and options, from its spec: the UI's forms are derived from these.
  router.get("/", (_req, res) => {
    const facts = PROFILES.map((profile): DialectFacts => {
      const dialect = dialectFor(profile);
      const { mode, schedule, deprovision, softDeleteDays } = dialect.defaults;
      return {
        profile,
        defaults: { mode, schedule, deprovision, softDeleteDays },
        headers: { ...dialect.headers },
        updateMethod: dialect.updateMethod,
        options: [...COMMON_TARGET_OPTIONS, ...dialect.options],
      };
    });
    res.json(facts);
  });
  router.post("/render", (req, res) => {
    const input = parseOrThrow(renderSchema, req.body, "render request");
    const base: User = input.userId
      ? directory.getUser(input.userId)
      : { ...SAMPLE, ...without(input.user ?? {}) };
    const changes = without(input.changes ?? {});
    if (input.operation === "update" && Object.keys(changes).length === 0) {
      throw new Problem("invalid", 'An update needs changes, e.g. {"changes":{"title":"Director"}}', [
        { path: "changes", message: "must name at least one field to change" },
      ]);
    }
    const { before, after } = beforeAndAfter(input.operation, base, changes);
    const renderings = renderAll(
      input.operation,
      before,
      after,
      {
        baseUrl: (input.baseUrl ?? RENDER_BASE_URL).replace(/\/+$/, ""),
        targetOptions: input.options ?? {},
        remoteIdOf: (id) => (directory.findUser(id) ? `${id.slice(0, 8)}-on-target` : null),
        userOf: (id) => directory.findUser(id),
      },
      input.profiles ?? PROFILES,
    );
    res.json({ operation: input.operation, before, after, renderings });
  });
  // Why a dry-run request looks as it does; a live exchange is explained by GET /api/log/:id/explain.
  router.post("/explain", (req, res) => {
    const input = parseOrThrow(explainSchema, req.body, "explain request");
    res.json(explainRequest(input.profile, input.request));
  });
  return router;
}
