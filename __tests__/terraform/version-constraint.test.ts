import { satisfies, sortVersionsDescending } from "../../lib/terraform/version-constraint";

describe("terraform version constraints", () => {
  test.each([
    ["5.100.0", "5.100.0", true],
    ["5.100.0", "= 5.100.0", true],
    ["5.100.1", "5.100.0", false],
    ["5.100.0", "~> 5.0", true],
    ["6.0.0", "~> 5.0", false],
    ["5.100.3", "~> 5.100.0", true],
    ["5.101.0", "~> 5.100.0", false],
    ["5.4.0", ">= 4.0, < 6.0", true],
    ["6.1.0", ">= 4.0, < 6.0", false],
    ["5.100.0", "!= 5.100.0", false],
    ["4.9.9", "> 4.9.8", true],
    ["5.0.0", "<= 4.99.0", false],
    ["5.100.0", undefined, true],
    ["5.100.0", "", true],
    ["5.100.0", "not a version", false],
  ])("%s satisfies %p: %p", (version, constraint, expected) => {
    expect(satisfies(version, constraint)).toBe(expected);
  });

  test("versions sort highest first, numerically", () => {
    expect(sortVersionsDescending(["5.9.0", "5.100.0", "5.10.2", "junk"])).toEqual(["5.100.0", "5.10.2", "5.9.0"]);
  });
});
