import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";

/** The file's size in bytes, or undefined when it cannot be read (missing, no permission). */
export function fileSize(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}

/** Up to `length` bytes from `start`; fewer at the end of the file. */
export function readBytes(file: string, start: number, length: number): Buffer {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, buffer, read, length - read, start + read);
      if (n === 0) break;
      read += n;
    }
    return read === length ? buffer : buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * The text of a regular file; undefined when nothing is there, "" when something that is not a
 * file is (a folder in the way): the caller must not write over it.
 */
export function readIfRegularFile(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  return statSync(file).isFile() ? readFileSync(file, "utf8") : "";
}
