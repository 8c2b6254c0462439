// Golden group pushes per dialect (../shared/reference/idp-wire.md §1 Groups, §2 Push Groups, §3 OneLogin;
// docs/dialects.md). Members travel with their ids on the target, never the directory ids.
import { describe, expect, it } from "vitest";
import type { Group, Profile, RenderedExchange, TargetOptions } from "../server/protocol";
import type { GroupOperation, MemberRef } from "../server/provisioning/dialects/types";
import { RENDER_REMOTE_ID, renderGroupOperation } from "../server/provisioning/dry-run";

const BASE = "https://app.example.com/scim/v2";
const CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const group: Group = {
  id: "g1",
  displayName: "Test SCIMv2",
  origin: null,
  description: null,
  members: [],
  createdAt: "",
  updatedAt: "",
};
const ada: MemberRef = {
  userId: "u-ada",
  remoteId: "23a35c27-23d3-4c03-b4c5-6443c09e7173",
  display: "ada@example.com",
};
const bob: MemberRef = {
  userId: "u-bob",
  remoteId: "89bb1940-b905-4575-9e7f-6f887cfb368e",
  display: "bob@example.com",
};

const render = (profile: Profile, op: GroupOperation, flagged = false, targetOptions: TargetOptions = {}) =>
  renderGroupOperation(flagged ? "entra-scim062020" : profile, op, { baseUrl: BASE, targetOptions })
    .exchanges;
const line = (e: RenderedExchange | undefined) =>
  `${e?.method} ${decodeURIComponent(e?.url.slice(BASE.length) ?? "")}`;
const groupUrl = `/Groups/${RENDER_REMOTE_ID}`;
const swap: GroupOperation = { kind: "update", group, renamed: false, add: [ada], remove: [bob] };

describe("group push in the rfc dialect", () => {
  it("probes by displayName, then POSTs the group with its members", () => {
    const exchanges = render("rfc", { kind: "create", group, members: [ada] });
    expect(exchanges.map(line)).toEqual(['GET /Groups?filter=displayName eq "Test SCIMv2"', "POST /Groups"]);
    expect(exchanges[1]?.body).toEqual({
      schemas: [CORE_GROUP],
      displayName: "Test SCIMv2",
      externalId: "g1",
      members: [{ value: ada.remoteId, display: "ada@example.com" }],
    });
  });

  it("sends one PATCH of deltas for an add and a remove, never a full replace", () => {
    const exchanges = render("rfc", swap);
    expect(exchanges.map(line)).toEqual([`PATCH ${groupUrl}`]);
    expect(exchanges[0]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [
        { op: "add", path: "members", value: [{ value: ada.remoteId, display: "ada@example.com" }] },
        { op: "remove", path: `members[value eq "${bob.remoteId}"]` },
      ],
    });
  });

  it("renames with replace displayName and deletes with DELETE", () => {
    const rename = render("rfc", {
      kind: "update",
      group: { ...group, displayName: "Renamed" },
      renamed: true,
      add: [],
      remove: [],
    });
    expect(rename[0]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "displayName", value: "Renamed" }],
    });
    expect(render("rfc", { kind: "delete", group }).map(line)).toEqual([`DELETE ${groupUrl}`]);
  });
});

describe("group push in the okta dialect", () => {
  it("POSTs the group with members: [] and then PATCHes the membership (okta-docs: Push Groups)", () => {
    const exchanges = render("okta", { kind: "create", group, members: [ada] });
    expect(exchanges.map(line)).toEqual(["POST /Groups", `PATCH ${groupUrl}`]);
    expect(exchanges[0]?.body).toEqual({ schemas: [CORE_GROUP], displayName: "Test SCIMv2", members: [] });
  });

  it("sends only member ops in a membership PATCH: remove by value filter, add with display (okta-docs: Update specific Group membership)", () => {
    const exchanges = render("okta", swap);
    expect(exchanges.map(line)).toEqual([`PATCH ${groupUrl}`]);
    expect(exchanges[0]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [
        { op: "remove", path: `members[value eq "${bob.remoteId}"]` },
        { op: "add", path: "members", value: [{ value: ada.remoteId, display: "ada@example.com" }] },
      ],
    });
    expect(render("okta", { kind: "delete", group }).map(line)).toEqual([`DELETE ${groupUrl}`]);
  });
});

describe("a group rename in the okta dialect", () => {
  const renamed: GroupOperation = {
    kind: "update",
    group: { ...group, displayName: "Sales EMEA" },
    renamed: true,
    add: [ada],
    remove: [],
  };

  it("is its own PATCH before the member ops, while Rename groups is on (the default)", () => {
    const exchanges = render("okta", renamed);
    expect(exchanges.map(line)).toEqual([`PATCH ${groupUrl}`, `PATCH ${groupUrl}`]);
    expect(exchanges[0]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { id: RENDER_REMOTE_ID, displayName: "Sales EMEA" } }],
    });
    expect(exchanges[1]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [
        { op: "add", path: "members", value: [{ value: ada.remoteId, display: "ada@example.com" }] },
      ],
    });
  });

  it("is not sent at all with renameGroups: false", () => {
    const exchanges = render("okta", renamed, false, { renameGroups: false });
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]?.body).toMatchObject({ Operations: [{ op: "add", path: "members" }] });
  });
});

describe("group push in the okta-aiw dialect", () => {
  it("POSTs the group with its members, then reads it and PUTs the same content (okta-docs: AIW groups by PUT)", () => {
    const exchanges = render("okta-aiw", { kind: "create", group, members: [ada] });
    expect(exchanges.map(line)).toEqual(["POST /Groups", `GET ${groupUrl}`, `PUT ${groupUrl}`]);
    expect(exchanges[0]?.body).toEqual({
      schemas: [CORE_GROUP],
      displayName: "Test SCIMv2",
      members: [{ value: ada.remoteId, display: "ada@example.com" }],
    });
    expect(exchanges[2]?.body).toEqual({
      schemas: [CORE_GROUP],
      id: RENDER_REMOTE_ID,
      displayName: "Test SCIMv2",
      members: [{ value: ada.remoteId, display: "ada@example.com" }],
    });
  });

  it("renames or changes members with a GET, then a PUT of the whole group, no add or remove ops", () => {
    const op: GroupOperation = {
      kind: "update",
      group: { ...group, displayName: "Sales EMEA" },
      renamed: true,
      add: [ada],
      remove: [bob],
      members: [ada],
    };
    const exchanges = render("okta-aiw", op);
    expect(exchanges.map(line)).toEqual([`GET ${groupUrl}`, `PUT ${groupUrl}`]);
    expect(exchanges[1]?.body).toEqual({
      schemas: [CORE_GROUP],
      id: RENDER_REMOTE_ID,
      displayName: "Sales EMEA",
      members: [{ value: ada.remoteId, display: "ada@example.com" }],
    });
  });
});

describe("group push in the entra dialect", () => {
  it("queries with excludedAttributes=members, POSTs without members with the ADSCIM schema, then PATCHes Add with $ref null (entra-use: Groups)", () => {
    const exchanges = render("entra", { kind: "create", group, members: [ada] });
    expect(exchanges.map(line)).toEqual([
      'GET /Groups?excludedAttributes=members&filter=displayName+eq+"Test+SCIMv2"',
      "POST /Groups",
      `PATCH ${groupUrl}`,
    ]);
    expect(exchanges[1]?.body).toEqual({
      schemas: [CORE_GROUP, "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
      externalId: "g1",
      displayName: "Test SCIMv2",
      meta: { resourceType: "Group" },
    });
    expect(exchanges[2]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "Add", path: "members", value: [{ $ref: null, value: ada.remoteId }] }],
    });
    expect(exchanges[2]?.assumedStatus).toBe(204);
  });

  it("removes a member with path members and a value array, each with $ref null, by default (entra-use: Remove members)", () => {
    expect(render("entra", swap)[0]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [
        { op: "Add", path: "members", value: [{ $ref: null, value: ada.remoteId }] },
        { op: "Remove", path: "members", value: [{ $ref: null, value: bob.remoteId }] },
      ],
    });
  });

  it('removes a member with members[value eq "…"] and lower-case ops under the aadOptscim062020 flag', () => {
    expect(render("entra", swap, true)[0]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [
        { op: "add", path: "members", value: [{ $ref: null, value: ada.remoteId }] },
        { op: "remove", path: `members[value eq "${bob.remoteId}"]` },
      ],
    });
  });

  it("renames with Replace displayName", () => {
    const rename = render("entra", {
      kind: "update",
      group: { ...group, displayName: "New" },
      renamed: true,
      add: [],
      remove: [],
    });
    expect(rename[0]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "displayName", value: "New" }],
    });
  });
});

describe("group push in the onelogin dialect", () => {
  it("POSTs the group and then PATCHes the membership (onelogin: Create Group, Patch Group)", () => {
    const exchanges = render("onelogin", { kind: "create", group, members: [ada, bob] });
    expect(exchanges.map(line)).toEqual(["POST /Groups", `PATCH ${groupUrl}`]);
    expect(exchanges[1]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [
        {
          op: "add",
          path: "members",
          value: [ada, bob].map((m) => ({ value: m.remoteId, display: m.display })),
        },
      ],
    });
  });
});
