import { mapRequest } from "../../lib/cdktf/cdktn-alias";
import { cdkRuntime } from "../../lib/cdktf/runtime";

/** CDK Terrain support in the seam; `npm run compare:cdktn` runs the real thing end to end. */
describe("the seam on CDK Terrain (cdktn)", () => {
  const STACK_TRACE = "cdktf/lib/tokens/private/stack-trace";
  afterEach(() => {
    jest.dontMock(STACK_TRACE);
    jest.dontMock("../../lib/cdktf/runtime");
    jest.resetModules();
    delete process.env.CDKTN_DISABLE_CREATION_STACK;
  });

  /** token-traces.ts loaded against a cdktn-shaped stack-trace module (tokens read the switch per call). */
  function onCdkTerrain(): (body: () => unknown) => unknown {
    jest.doMock(STACK_TRACE, () => ({
      captureStackTrace: () => ["frame"],
      captureCreationStack: () => (["1", "true"].includes(process.env.CDKTN_DISABLE_CREATION_STACK ?? "") ? [] : ["frame"]),
    }));
    return (require("../../lib/cdktf/token-traces") as typeof import("../../lib/cdktf/token-traces")).withoutTokenStackTraces;
  }

  it("switches creation stacks off with CDKTN_DISABLE_CREATION_STACK for the call only", () => {
    const without = onCdkTerrain();
    const traces = require(STACK_TRACE) as { captureCreationStack: () => string[]; captureStackTrace: () => string[] };
    expect(traces.captureCreationStack()).toEqual(["frame"]);
    expect(without(() => traces.captureCreationStack())).toEqual([]);
    expect(process.env.CDKTN_DISABLE_CREATION_STACK).toBeUndefined();
    expect(traces.captureCreationStack()).toEqual(["frame"]);
  });

  it("puts a value the user set back, also when the body throws", () => {
    const without = onCdkTerrain();
    process.env.CDKTN_DISABLE_CREATION_STACK = "false";
    expect(() =>
      without(() => {
        expect(process.env.CDKTN_DISABLE_CREATION_STACK).toBe("1");
        throw new Error("synthesis failed");
      }),
    ).toThrow("synthesis failed");
    expect(process.env.CDKTN_DISABLE_CREATION_STACK).toBe("false");
  });

  it("uses the switch whenever the runtime is cdktn, and never on cdktf", () => {
    expect(cdkRuntime()).toBe("cdktf");
    const seen: (string | undefined)[] = [];
    const { withoutTokenStackTraces } = require("../../lib/cdktf/token-traces") as typeof import("../../lib/cdktf/token-traces");
    withoutTokenStackTraces(() => seen.push(process.env.CDKTN_DISABLE_CREATION_STACK));
    jest.resetModules();
    jest.doMock("../../lib/cdktf/runtime", () => ({ cdkRuntime: () => "cdktn" }));
    const onCdktn = require("../../lib/cdktf/token-traces") as typeof import("../../lib/cdktf/token-traces");
    onCdktn.withoutTokenStackTraces(() => seen.push(process.env.CDKTN_DISABLE_CREATION_STACK));
    expect(seen).toEqual([undefined, "1"]);
  });

  it("maps cdktf's package names to cdktn's, and nothing else", () => {
    expect(mapRequest("cdktf")).toBe("cdktn");
    expect(mapRequest("cdktf/lib/tokens/private/stack-trace")).toBe("cdktn/lib/tokens/private/stack-trace");
    expect(mapRequest("@cdktf/provider-aws/lib/vpc")).toBe("@cdktn/provider-aws/lib/vpc");
    expect(mapRequest("constructs")).toBe("constructs");
    for (const other of ["cdktf-cli", "cdktfx", "@cdktf/hcl2json", "node:fs", "./cdktf", "yaml"]) expect(mapRequest(other)).toBeUndefined();
  });
});
