// The table lives in lib/ so fleet reports and docs print the same way as the CLI.
export { table } from "../lib/fleet/table";
