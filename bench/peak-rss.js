// Preloaded into the measured `realmkit synth` (node -r): records its peak resident memory.
// Plain JavaScript so it adds nothing to the run it measures.
process.on("exit", () => {
  require("node:fs").writeFileSync(process.env.REALMKIT_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
