import { randomUUID } from "node:crypto";
import { createEmitter } from "../emitter";
import { Problem, parseOrThrow } from "../problem";
import { type DirectoryEvent, type RunOrigin, USER_FIELDS, type User } from "../protocol";
import { createGroupBook } from "./groups";
import { createIndex } from "./lookup";
import type { PasswordStore } from "./passwords";
import type { DirectoryStore } from "./store";
import { createUserSchema, type UpdateUserInput, updateUserSchema } from "./user-schema";

export type Directory = ReturnType<typeof createDirectory>;

/**
 * The IdP's users. It knows nothing of SCIM: it validates, stores, and tells listeners what changed once the
 * change is on disk, so nothing downstream ever acts on an edit that a crash could undo. Passwords go to their own
 * store; a user carries only whether it has one.
 */
export function createDirectory(db: DirectoryStore, passwords: PasswordStore) {
  const events = createEmitter<DirectoryEvent>();
  const users = () => db.data.users;
  // The password file is the truth: this also fills the marker in for files written before passwords existed, and
  // mends it after a crash between the two files' writes.
  for (const user of users()) user.passwordSet = passwords.has(user.id);
  const groupBook = createGroupBook(db, events.emit);
  const index = createIndex(users, (u) => u.userName);

  function find(id: string): User {
    const user = index.get(id);
    if (!user) throw new Problem("not_found", `No user with id "${id}". GET /api/users lists the ids.`);
    return user;
  }

  function checkUnique(userName: string, selfId: string | null): void {
    const lower = userName.toLowerCase();
    const named = index.named(lower);
    const clash = named && named.id !== selfId ? named : undefined;
    if (clash) {
      throw new Problem("conflict", `userName "${userName}" is already taken by user ${clash.id}`, [
        { path: "userName", message: "must be unique (compared case-insensitively)" },
      ]);
    }
  }

  function checkManager(managerId: string | null | undefined, selfId: string | null): void {
    if (managerId == null) return;
    const path = "managerId";
    if (managerId === selfId)
      throw new Problem("invalid", "A user cannot be their own manager", [
        { path, message: "must not be the user's own id" },
      ]);
    let manager = index.get(managerId);
    if (!manager)
      throw new Problem("invalid", `managerId "${managerId}" is not a user in the directory`, [
        { path, message: "must be the id of an existing user" },
      ]);
    // Walk up the chain so a report can never become its own manager's manager.
    for (let hops = 0; manager?.managerId && hops < 10_000; hops++) {
      if (manager.managerId === selfId) {
        throw new Problem("invalid", "managerId would create a reporting cycle", [
          { path, message: "must not be one of the user's own reports" },
        ]);
      }
      manager = manager.managerId ? index.get(manager.managerId) : undefined;
    }
  }

  return {
    on: events.on,
    ...groupBook,

    listUsers(): User[] {
      return users();
    },

    /** Every user by userName, case-insensitively, for the paged list: kept in order, not sorted per read. */
    usersByName(): readonly User[] {
      return index.sorted();
    },

    getUser(id: string): User {
      return find(id);
    },

    findUser(id: string): User | undefined {
      return index.get(id);
    },

    /**
     * Drops the scenario-run mark from these users and groups: they become ordinary directory entries that every
     * target provisions. Quiet, like the mark itself: nothing about them changed but who may push them.
     */
    async clearOrigin(userIds: string[], groupIds: string[]): Promise<void> {
      const users = new Set(userIds);
      const groups = new Set(groupIds);
      db.data.users = db.data.users.map((u) => {
        if (!users.has(u.id)) return u;
        const next = { ...u, origin: null };
        db.put("users", next);
        return next;
      });
      db.data.groups = db.data.groups.map((g) => {
        if (!groups.has(g.id)) return g;
        const next = { ...g, origin: null };
        db.put("groups", next);
        return next;
      });
      index.invalidate();
      groupBook.invalidate();
      await db.write();
    },

    /** The user's password in clear, for the targets that sync it; null when it has none. */
    passwordOf(id: string): string | null {
      return passwords.get(id);
    },

    /** A digest that changes with the password and reveals nothing of it; null when the user has none. */
    passwordDigest(id: string): string | null {
      return passwords.digest(id);
    },

    /** `origin` marks a user a scenario run makes in the live app; the API never sets it. */
    async createUser(body: unknown, origin: RunOrigin | null = null): Promise<User> {
      const { password, ...input } = parseOrThrow(createUserSchema, body, "user");
      checkUnique(input.userName, null);
      checkManager(input.managerId, null);
      const now = new Date().toISOString();
      const user: User = {
        id: randomUUID(),
        userName: input.userName,
        givenName: input.givenName,
        familyName: input.familyName,
        displayName: input.displayName ?? null,
        email: input.email ?? null,
        title: input.title ?? null,
        department: input.department ?? null,
        employeeNumber: input.employeeNumber ?? null,
        managerId: input.managerId ?? null,
        phone: input.phone ?? null,
        locale: input.locale ?? null,
        active: input.active ?? true,
        passwordSet: typeof password === "string",
        origin,
        createdAt: now,
        updatedAt: now,
      };
      users().push(user);
      db.put("users", user);
      index.put(user);
      // The password's file first: a crash before the user's is written leaves a password the next start drops.
      if (typeof password === "string") await passwords.set(user.id, password);
      await db.write();
      events.emit({ type: "user.created", user });
      return user;
    },

    async updateUser(id: string, body: unknown): Promise<User> {
      const before = find(id);
      const { password, ...input }: UpdateUserInput = parseOrThrow(updateUserSchema, body, "user");
      if (input.userName !== undefined) checkUnique(input.userName, id);
      if (input.managerId !== undefined) checkManager(input.managerId, id);
      const next: User = { ...before };
      const changed: string[] = [];
      for (const key of USER_FIELDS) {
        const value = input[key];
        if (value === undefined || value === before[key]) continue;
        Object.assign(next, { [key]: value });
        changed.push(key);
      }
      const newPassword = password !== undefined && password !== passwords.get(id);
      if (newPassword) {
        next.passwordSet = password !== null;
        changed.push("password");
      }
      if (changed.length === 0) return before;
      next.updatedAt = new Date().toISOString();
      const list = users();
      list[list.indexOf(before)] = next;
      db.put("users", next);
      index.put(next, before);
      if (newPassword) await passwords.set(id, password);
      await db.write();
      const type = !changed.includes("active")
        ? "user.updated"
        : next.active
          ? "user.reactivated"
          : "user.deactivated";
      events.emit({ type, user: next, before, changed });
      return next;
    },

    async deleteUser(id: string): Promise<User> {
      const user = find(id);
      const now = new Date().toISOString();
      const reports: Array<[User, User]> = [];
      db.data.users = users()
        .filter((u) => u.id !== id)
        .map((u) => {
          if (u.managerId !== id) return u;
          const next = { ...u, managerId: null, updatedAt: now };
          reports.push([u, next]);
          db.put("users", next);
          return next;
        });
      db.drop("users", id);
      index.invalidate();
      const groupEvents = groupBook.dropMember(id, now);
      await db.write();
      // After the user is gone: a crash in between leaves a password the next start drops, never a user without
      // the password it had.
      await passwords.set(id, null);
      events.emit({ type: "user.deleted", user });
      for (const event of groupEvents) events.emit(event);
      for (const [before, next] of reports) {
        events.emit({ type: "user.updated", user: next, before, changed: ["managerId"] });
      }
      return user;
    },
  };
}
