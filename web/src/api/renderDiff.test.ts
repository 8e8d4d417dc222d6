import { describe, expect, it } from "vitest";
import { changeLabel, fieldLabel, formatValue, inputLabel, textChangeLabel, type DiffInput } from "./renderDiff";

function input(name: string, version: string | null, role = "CHARACTER"): DiffInput {
  return {
    role: role as DiffInput["role"],
    lineId: "line-1",
    version,
    contentHash: "h",
    asset: { id: name, name, type: "CHARACTER" },
  };
}

describe("render diff lines", () => {
  it("names an input with its role and version", () => {
    expect(inputLabel(input("ComicStyle_v1", "1.0.0", "STYLE"))).toBe("ComicStyle_v1 (style, v1.0.0)");
    expect(inputLabel(input("Frame", null, "REFERENCE"))).toBe("Frame (reference)");
  });

  it("says a changed input's version before and after and how it differs", () => {
    const change = {
      before: input("Noir", "1.0.0"),
      after: input("Noir", "2.0.0"),
      differences: ["VERSION", "CONTENT"] as ("VERSION" | "CONTENT")[],
      fields: [],
    };
    expect(changeLabel(change)).toBe("Noir v1.0.0 → Noir v2.0.0: version, content changed");
    expect(changeLabel({ ...change, differences: [] })).toBe("Noir v1.0.0 → Noir v2.0.0");
  });

  it("writes field changes: changed, added, removed", () => {
    expect(fieldLabel({ path: "fields.mood", old: "happy", new: "sad" })).toBe("fields.mood: “happy” → “sad”");
    expect(fieldLabel({ path: "seed", old: null, new: 7 })).toBe("seed: added 7");
    expect(fieldLabel({ path: "steps", old: 30, new: null })).toBe("steps: removed (was 30)");
    expect(formatValue({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(formatValue(undefined)).toBe("—");
  });

  it("writes a prompt or model change, with none for a missing side", () => {
    expect(textChangeLabel({ before: "a cat", after: "a dog" })).toBe("“a cat” → “a dog”");
    expect(textChangeLabel({ before: null, after: "sdxl" })).toBe("none → “sdxl”");
  });
});
