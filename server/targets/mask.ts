import type { Target, TargetAuth } from "../protocol";

const MASK = "••••";

/** Keeps the last four characters of a long secret so a person can tell two tokens apart without seeing either. */
export function maskSecret(secret: string): string {
  return secret.length >= 16 ? `${MASK}${secret.slice(-4)}` : MASK;
}

export function isMasked(value: string): boolean {
  return value.startsWith(MASK);
}

export function maskAuth(auth: TargetAuth): TargetAuth {
  switch (auth.type) {
    case "bearer":
      return { type: "bearer", token: maskSecret(auth.token) };
    case "basic":
      return { type: "basic", username: auth.username, password: maskSecret(auth.password) };
    case "header":
      return { type: "header", name: auth.name, value: maskSecret(auth.value) };
  }
}

export function maskTarget(target: Target): Target {
  return { ...target, auth: maskAuth(target.auth) };
}

/** Lets a client send back the masked auth it was shown without wiping the real secret. */
export function keepSecrets(next: TargetAuth, current: TargetAuth): TargetAuth {
  if (next.type === "bearer" && current.type === "bearer" && isMasked(next.token)) return current;
  if (next.type === "basic" && current.type === "basic" && isMasked(next.password)) {
    return { ...next, password: current.password };
  }
  if (next.type === "header" && current.type === "header" && isMasked(next.value)) {
    return { ...next, value: current.value };
  }
  return next;
}
