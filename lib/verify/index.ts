export { scanPlainReference, scanTemplate, type ScannedTemplate } from "./references";
export { BUILTIN_PROVIDERS, EMPTY_BLOCKS_ALLOWED, REQUIRED_ARGUMENTS, REQUIRED_PROVIDER_BLOCKS, UNIQUE_NAMES } from "./required";
export { checkStructure, formatStructureProblem, type StructureProblem, type StructureProblemKind } from "./structure";
export { findForeignInterpolations, foreignInterpolations, REALMKIT_FUNCTIONS } from "./interpolation";
