import type { Response } from "express";
import { URN } from "./schemas";

export type ScimType =
  | "invalidValue"
  | "invalidFilter"
  | "invalidPath"
  | "noTarget"
  | "mutability"
  | "uniqueness"
  | "invalidSyntax"
  | "tooMany"
  | "invalidVers"
  | "sensitive";

export const SCIM_CONTENT_TYPE = "application/scim+json; charset=utf-8";

/** A refused request in RFC 7644 §3.12 terms; handlers throw it and the router's error handler renders it. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = "ScimError";
  }

  body(style: ErrorBody = "scim") {
    // Contentstack's REST APIs answer errors as {error_message, error_code, errors}; its SCIM API's are unknown.
    if (style === "contentstack") {
      return {
        error_message: this.detail,
        error_code: this.status,
        errors: this.scimType ? { scimType: [this.scimType] } : {},
      };
    }
    return {
      schemas: [URN.error],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.detail,
    };
  }
}

export type ErrorBody = "scim" | "contentstack";

/** How the active preset answers: set per request by the org's router, read by every reply below. */
export interface ResponseStyle {
  contentType: string;
  errorBody: ErrorBody;
}

export function setResponseStyle(res: Response, style: ResponseStyle) {
  res.locals.responseStyle = style;
}

function styleOf(res: Response): ResponseStyle | undefined {
  const style: unknown = res.locals.responseStyle;
  return typeof style === "object" && style !== null && "contentType" in style && "errorBody" in style
    ? (style as ResponseStyle)
    : undefined;
}

export const badRequest = (scimType: ScimType, detail: string) => new ScimError(400, detail, scimType);
export const notFound = (detail: string) => new ScimError(404, detail);
export const conflict = (detail: string) => new ScimError(409, detail, "uniqueness");

export function sendScim(res: Response, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.status(status).set({ ...headers, "Content-Type": styleOf(res)?.contentType ?? SCIM_CONTENT_TYPE });
  res.send(JSON.stringify(body));
}

export function sendError(res: Response, error: ScimError) {
  sendScim(res, error.status, error.body(styleOf(res)?.errorBody), error.headers);
}

/** Describes a rejected value in an error detail so the sender sees what it actually sent. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}
