import express, { type Request, type Response, Router } from "express";
import type Provider from "oidc-provider";
import type { App, SignInFacts, User } from "../protocol";
import { pickerPage, userByHint } from "./picker";
import type { Refusal } from "./refusals";

export interface InteractionDeps {
  provider(): Provider;
  appOf(clientId: string): App | undefined;
  users(): readonly User[];
  findUser(id: string): User | undefined;
  /** The directory's verdict on this user signing in to this app. */
  judge(user: User | undefined, app: App): Refusal | null;
  /** Notes what this request decided, for the sign-in exchange the traffic log records. */
  note(req: Request, facts: Partial<SignInFacts>): void;
}

/** The OIDC sign-in (interaction) pages: an account picker, and zero clicks for a `login_hint` naming a user. */
export function interactionRoutes(deps: InteractionDeps): Router {
  const router = Router();

  async function decide(req: Request, res: Response, user: User | undefined, app: App): Promise<void> {
    const refusal = deps.judge(user, app);
    const who = { appId: app.id, ...(user ? { userId: user.id, userName: user.userName } : {}) };
    if (refusal) {
      deps.note(req, { ...who, outcome: "refused", error: refusal.description });
      await deps.provider().interactionFinished(req, res, {
        error: refusal.error,
        error_description: refusal.description,
      });
      return;
    }
    deps.note(req, { ...who, outcome: "signed-in" });
    await deps
      .provider()
      .interactionFinished(
        req,
        res,
        { login: { accountId: user?.id ?? "" } },
        { mergeWithLastSubmission: false },
      );
  }

  router.get("/:uid", async (req, res) => {
    const details = await deps.provider().interactionDetails(req, res);
    const clientId = String(details.params.client_id ?? "");
    const app = deps.appOf(clientId);
    if (!app) {
      res.status(400).type("text").send(`No app with client id ${clientId}`);
      return;
    }
    const hint = typeof details.params.login_hint === "string" ? details.params.login_hint : "";
    if (details.prompt.name === "login" && hint) {
      // Zero clicks: the hint names the user, and the directory alone decides.
      const user = userByHint(deps.users(), hint);
      await decide(req, res, user, app);
      return;
    }
    if (details.prompt.name === "consent") {
      // Consent is never asked of the person: apps here are consented when registered, as an admin would.
      const provider = deps.provider();
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: String(details.session?.accountId ?? ""), clientId });
      if (!grant) throw new Error("the grant of this sign-in is gone");
      grant.addOIDCScope(String(details.params.scope ?? "openid"));
      const missing = (details.prompt.details as { missingOIDCClaims?: string[] }).missingOIDCClaims;
      if (missing?.length) grant.addOIDCClaims(missing);
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
      return;
    }
    const q = typeof req.query.q === "string" ? req.query.q : "";
    const base = `${req.baseUrl}/${encodeURIComponent(req.params.uid)}`;
    res.type("html").send(pickerPage(app, deps.users(), q, `${base}/choose`, base));
  });

  router.post("/:uid/choose", express.urlencoded({ extended: false, limit: "16kb" }), async (req, res) => {
    const details = await deps.provider().interactionDetails(req, res);
    const app = deps.appOf(String(details.params.client_id ?? ""));
    if (!app) {
      res.status(400).type("text").send("The app of this sign-in is gone");
      return;
    }
    const userId = typeof req.body?.userId === "string" ? req.body.userId : "";
    await decide(req, res, deps.findUser(userId), app);
  });

  return router;
}
