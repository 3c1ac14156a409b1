import { synthInventory } from "../helpers/synth";

// One snapshot per realm/provider pair of the sample inventory: any change to what a realm
// deploys shows up in review as a diff of its Terraform JSON.
const stacks = synthInventory();

describe("synthesized stacks of the sample inventory", () => {
  it("has one stack per realm/provider pair", () => {
    expect(Object.keys(stacks).length).toBeGreaterThanOrEqual(5);
  });

  it.each(Object.keys(stacks).sort())("%s matches its snapshot", (stackId) => {
    expect(stacks[stackId]).toMatchSnapshot();
  });
});
