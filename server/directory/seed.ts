import type { Directory } from "./directory";

const DEPARTMENTS = ["Engineering", "Sales", "Marketing", "Finance", "People", "Support"];

/** Ascii-only, so the generated userNames are valid everywhere a demo target might check them. */
function slug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();
}

/**
 * A demo directory of realistic people. The faker instance has a fixed seed, so every first start shows the same
 * people, which keeps demos and screenshots repeatable.
 */
export async function seedDirectory(directory: Directory, count = 12): Promise<void> {
  // Loaded only to seed: its locale data is tens of megabytes a server that never seeds should not hold.
  const { en, Faker } = await import("@faker-js/faker");
  const faker = new Faker({ locale: [en], seed: 20261128 });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const givenName = faker.person.firstName();
    const familyName = faker.person.lastName();
    const userName = `${slug(givenName)}.${slug(familyName)}@example.com`;
    const department = i === 0 ? "Executive" : faker.helpers.arrayElement(DEPARTMENTS);
    const user = await directory.createUser({
      userName,
      givenName,
      familyName,
      displayName: `${givenName} ${familyName}`,
      email: userName,
      title: i === 0 ? "Chief Executive Officer" : faker.person.jobTitle(),
      department,
      employeeNumber: String(1000 + i),
      // The first person leads; everyone else reports to someone seeded before them.
      managerId: i === 0 ? null : (ids[faker.number.int({ min: 0, max: Math.min(i - 1, 3) })] ?? null),
      phone: faker.helpers.replaceSymbols("+1 555 01##"),
      locale: "en-US",
    });
    ids.push(user.id);
  }
}
