import { describe, expect, it } from "vitest";
import { exchangeId } from "../server/provisioning/exchange-id";

describe("exchange ids", () => {
  it("are version 4 UUIDs of the RFC's variant, none handed out twice across many batches", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const id = exchangeId();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(5000);
  });
});
