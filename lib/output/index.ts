export { OUTPUT_MARKER, readMarker, writeMarker, type OutputKind, type OutputMarker } from "./marker";
export { checkOutputDir, checkOutputFile, resolveOutput, type OutputContext } from "./paths";
export { prepareWorkDir, recoverOutput, replaceOutputDir, type ReplaceOptions } from "./replace";
export { lockWaitSeconds, withOutputLock, type OutputLock } from "./lock";
export { withLockedOutput } from "./locked";
export { writeOutputFile, type OutputFileOptions } from "./file";
