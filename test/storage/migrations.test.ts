import { describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../server/storage/migrations/index";

describe("migrations", () => {
  it("have unique, increasing versions and SQL for both backends", () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    for (const m of MIGRATIONS) {
      expect(m.sqlite.trim()).not.toBe("");
      expect(m.postgres.trim()).not.toBe("");
    }
  });
});
