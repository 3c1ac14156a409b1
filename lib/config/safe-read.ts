import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from "node:fs";
import { relative, isAbsolute } from "node:path";
import { RealmkitError, type SourceLocation } from "./errors";

/**
 * Realm files are small: the largest real inventory file is a few KB. The cap keeps a stray
 * dump, a log or /dev/zero from being read whole into memory.
 */
export const MAX_REALM_FILE_BYTES = 1024 * 1024;

const start = (file: string): SourceLocation => ({ file, line: 1, col: 1 });

/**
 * Reads one inventory file as strict UTF-8 text. Refuses, with a RealmkitError and never by
 * hanging or crashing: anything that is not a regular file (FIFOs, sockets, devices, folders),
 * files over the size cap, invalid UTF-8, and (with `root`) a file whose real path, after
 * symlinks, lies outside the inventory folder.
 */
export function readInventoryFile(file: string, root?: string): string {
  if (root !== undefined) assertInside(file, root);
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new RealmkitError("RK-CONFIG-READ", `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
      location: start(file),
      fix: "check the path and file permissions",
    });
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      throw new RealmkitError("RK-CONFIG-NOT-A-FILE", `${file} is not a regular file (${kindOf(stat)})`, {
        location: start(file),
        fix: "keep only regular YAML files in the inventory; remove or rename this entry",
      });
    }
    if (stat.size > MAX_REALM_FILE_BYTES) {
      throw new RealmkitError(
        "RK-CONFIG-TOO-LARGE",
        `${file} is ${stat.size} bytes, over the ${MAX_REALM_FILE_BYTES}-byte cap for inventory files`,
        {
          location: start(file),
          fix: "a realm file holds a few dozen lines; split shared values into _layers/ or remove what does not belong",
        },
      );
    }
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return decodeUtf8(bytes.subarray(0, read), file);
  } finally {
    closeSync(fd);
  }
}

function kindOf(stat: ReturnType<typeof fstatSync>): string {
  if (stat.isDirectory()) return "a folder";
  if (stat.isFIFO()) return "a named pipe";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  return "not a file";
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Strict UTF-8; the error names the line and column of the first bad byte. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return utf8.decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder("utf-8").decode(bytes.subarray(0, bad));
    const lines = before.split("\n");
    throw new RealmkitError(
      "RK-CONFIG-ENCODING",
      `the file is not valid UTF-8 (byte 0x${bytes[bad]?.toString(16).padStart(2, "0")} at offset ${bad})`,
      {
        location: { file, line: lines.length, col: lines[lines.length - 1]!.length + 1 },
        fix: "save the file as UTF-8 (most editors: 'Save with encoding' > UTF-8)",
      },
    );
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    for (let k = 1; k < len; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    try {
      utf8.decode(bytes.subarray(i, i + len));
    } catch {
      return i; // overlong forms and surrogates
    }
    i += len;
  }
  return 0;
}

/** Throws unless `file`, symlinks resolved, lies inside the folder `root`. */
export function assertInside(file: string, root: string): void {
  let real: string;
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
    real = realpathSync(file);
  } catch {
    return; // a missing file is reported by the read that follows, with its own message
  }
  const rel = relative(realRoot, real);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) {
    throw new RealmkitError("RK-CONFIG-OUTSIDE-INVENTORY", `${file} resolves to ${real}, outside the inventory ${root}`, {
      location: start(file),
      fix: "inventory files must live inside the realms folder; copy the file in instead of linking to it",
    });
  }
}
