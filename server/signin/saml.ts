import { randomBytes } from "node:crypto";
import { inflateRawSync } from "node:zlib";
import { DOMParser } from "@xmldom/xmldom";
import express, { type Request, type Response, Router } from "express";
import type { App, SignInFacts, User } from "../protocol";
import { loadedOnFirstRequest } from "./on-first-request";
import { autoPost, escapeHtml, page } from "./pages";
import { pickerPage, userByHint } from "./picker";
import type { Refusal } from "./refusals";
import { attributesFor, NAME_ID_FORMATS, nameIdFor } from "./saml-attributes";
import type { SigningKey } from "./saml-xml";

// xml-crypto and xmlbuilder2 take a tenth of a second to load: a server that never answers a SAML request never
// loads them. Every route below runs after the middleware that loads them.
const xml = loadedOnFirstRequest(() => import("./saml-xml"));
const samlXml = xml.get;

export interface SamlDeps {
  /** The IdP's entity id and the base URL of these routes, known once the server listens. */
  base(): string;
  key: SigningKey;
  tenantId: string;
  pairwiseSalt: string;
  apps(): App[];
  users(): readonly User[];
  findUser(id: string): User | undefined;
  groupNamesOf(userId: string): string[];
  judge(user: User | undefined, app: App): Refusal | null;
  note(req: Request, facts: Partial<SignInFacts>): void;
}

/** A sign-in waiting for its person: the SP's request (none when IdP-initiated) and where the answer goes. */
interface Pending {
  appId: string;
  inResponseTo: string | null;
  relayState: string;
  expiresAt: number;
}

const form = express.urlencoded({ extended: false, limit: "256kb" });

/** What an AuthnRequest says, read from either binding (deflated for HTTP-Redirect, plain for HTTP-POST). */
function readAuthnRequest(encoded: string, deflated: boolean) {
  const bytes = Buffer.from(encoded, "base64");
  // The HTTP-POST binding sends the XML as it is, but some SPs (node-saml among them) deflate it there too.
  const plain = !deflated && bytes.toString("utf8").trimStart().startsWith("<");
  const xml = (plain ? bytes : inflateRawSync(bytes, { maxOutputLength: 256 * 1024 })).toString("utf8");
  const doc = new DOMParser({
    errorHandler: {
      warning: () => undefined,
      error: (message: string) => {
        throw new Error(message);
      },
      fatalError: (message: string) => {
        throw new Error(message);
      },
    },
  }).parseFromString(xml, "text/xml");
  const root = doc.documentElement;
  if (root?.localName !== "AuthnRequest") throw new Error("not a SAML AuthnRequest");
  const issuer = root
    .getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Issuer")[0]
    ?.textContent?.trim();
  const nameId = root
    .getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "NameID")[0]
    ?.textContent?.trim();
  return {
    id: root.getAttribute("ID"),
    issuer,
    acs: root.getAttribute("AssertionConsumerServiceURL"),
    nameId,
  };
}

/** The SAML 2.0 IdP: metadata, SP-initiated sign-in (both bindings), IdP-initiated sign-in per app. */
export function samlRoutes(deps: SamlDeps): Router {
  const router = Router();
  const pending = new Map<string, Pending>();
  const sweep = () => {
    for (const [id, p] of pending) if (p.expiresAt < Date.now()) pending.delete(id);
  };
  const issuer = () => `${deps.base()}/metadata`;

  function fail(res: Response, status: number, message: string) {
    res
      .status(status)
      .type("html")
      .send(page("SAML error", `<h1>SAML error</h1><p class="error">${escapeHtml(message)}</p>`));
  }

  function answer(req: Request, res: Response, p: Pending, user: User | undefined) {
    const app = deps.apps().find((a) => a.id === p.appId);
    if (!app?.acsUrl || !app.entityId)
      return fail(res, 400, "The app of this sign-in is gone or has no ACS URL");
    const refusal = deps.judge(user, app);
    const who = user ? { userId: user.id, userName: user.userName } : {};
    const base = { issuer: issuer(), acsUrl: app.acsUrl, inResponseTo: p.inResponseTo };
    let xml: string;
    if (refusal || !user) {
      deps.note(req, { appId: app.id, ...who, outcome: "refused", error: refusal?.description });
      xml = samlXml().refusalResponse(base, refusal?.description ?? "unknown user", deps.key);
    } else {
      const ctx = { tenantId: deps.tenantId, groups: deps.groupNamesOf(user.id) };
      const nameId = nameIdFor(app, user, deps.pairwiseSalt);
      const attributes = attributesFor(app, user, ctx);
      deps.note(req, {
        appId: app.id,
        ...who,
        outcome: "signed-in",
        claims: {
          NameID: nameId.value,
          ...Object.fromEntries(
            attributes.map((a) => [a.name, a.values.length === 1 ? a.values[0] : a.values]),
          ),
        },
      });
      xml = samlXml().signedResponse(
        { ...base, audience: app.entityId, nameId, attributes, sessionIndex: samlXml().newId() },
        deps.key,
      );
    }
    const fields: Record<string, string> = { SAMLResponse: Buffer.from(xml).toString("base64") };
    if (p.relayState) fields.RelayState = p.relayState;
    res.type("html").send(autoPost(app.acsUrl, fields, `Signing in to ${app.name}`));
  }

  function start(req: Request, res: Response, p: Pending, hint: string) {
    sweep();
    const app = deps.apps().find((a) => a.id === p.appId);
    if (hint) return answer(req, res, p, userByHint(deps.users(), hint));
    const id = randomBytes(16).toString("hex");
    pending.set(id, p);
    const q = typeof req.query.q === "string" ? req.query.q : "";
    res
      .type("html")
      .send(
        pickerPage(app, deps.users(), q, `${req.baseUrl}/choose`, `${req.baseUrl}/pick`, { pending: id }),
      );
  }

  function spInitiated(req: Request, res: Response, encoded: unknown, relay: unknown, deflated: boolean) {
    if (typeof encoded !== "string" || !encoded) return fail(res, 400, "SAMLRequest is missing");
    let request: ReturnType<typeof readAuthnRequest>;
    try {
      request = readAuthnRequest(encoded, deflated);
    } catch (err) {
      return fail(res, 400, `SAMLRequest could not be read: ${(err as Error).message}`);
    }
    const app = deps.apps().find((a) => a.protocol === "saml" && a.entityId === request.issuer);
    if (!app) return fail(res, 400, `No SAML app has the entity id ${request.issuer ?? "(none)"}`);
    deps.note(req, { appId: app.id, outcome: "started" });
    if (request.acs && request.acs !== app.acsUrl)
      return fail(res, 400, `AssertionConsumerServiceURL ${request.acs} is not the app's (${app.acsUrl})`);
    const hint = typeof req.query.login_hint === "string" ? req.query.login_hint : (request.nameId ?? "");
    start(
      req,
      res,
      {
        appId: app.id,
        inResponseTo: request.id,
        relayState: typeof relay === "string" ? relay : "",
        expiresAt: Date.now() + 600_000,
      },
      hint,
    );
  }

  router.use(xml.middleware);
  router.get("/metadata", (_req, res) => {
    res
      .type("application/samlmetadata+xml")
      .send(
        samlXml().idpMetadata(
          issuer(),
          `${deps.base()}/sso`,
          deps.key.certificate,
          Object.values(NAME_ID_FORMATS),
        ),
      );
  });
  router.get("/sso", (req, res) => spInitiated(req, res, req.query.SAMLRequest, req.query.RelayState, true));
  router.post("/sso", form, (req, res) =>
    spInitiated(req, res, req.body?.SAMLRequest, req.body?.RelayState, false),
  );
  router.get("/apps/:id/sign-in", (req, res) => {
    const app = deps.apps().find((a) => a.id === req.params.id && a.protocol === "saml");
    if (!app) return fail(res, 404, `No SAML app with id ${req.params.id}`);
    deps.note(req, { appId: app.id, outcome: "started" });
    const relay = typeof req.query.RelayState === "string" ? req.query.RelayState : "";
    const hint = typeof req.query.login_hint === "string" ? req.query.login_hint : "";
    start(
      req,
      res,
      { appId: app.id, inResponseTo: null, relayState: relay, expiresAt: Date.now() + 600_000 },
      hint,
    );
  });
  router.get("/pick", (req, res) => {
    const p = pending.get(String(req.query.pending ?? ""));
    if (!p) return fail(res, 400, "This sign-in has expired; start again from the app");
    const app = deps.apps().find((a) => a.id === p.appId);
    const q = typeof req.query.q === "string" ? req.query.q : "";
    res.type("html").send(
      pickerPage(app, deps.users(), q, `${req.baseUrl}/choose`, `${req.baseUrl}/pick`, {
        pending: String(req.query.pending),
      }),
    );
  });
  router.post("/choose", form, (req, res) => {
    const id = typeof req.body?.pending === "string" ? req.body.pending : "";
    const p = pending.get(id);
    if (!p) return fail(res, 400, "This sign-in has expired; start again from the app");
    pending.delete(id);
    answer(req, res, p, deps.findUser(typeof req.body?.userId === "string" ? req.body.userId : ""));
  });
  return router;
}
