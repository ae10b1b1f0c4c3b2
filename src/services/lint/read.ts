import { fileError } from "../../adapters/fs/errors.js";
import { readRegularFile } from "../../adapters/fs/read.js";

/** Files up to this size are read and a finding says they are too large (over 1 MiB); larger ones are refused unread. */
export const MAX_LINT_BYTES = 64 * 1024 * 1024;

/** A file to lint, as bytes (in whichever thread checks it). */
export function readBytes(file: string): Uint8Array {
  // Read as bytes: the linter reports size and encoding problems as findings. A FIFO or a device
  // is refused at once, and nothing larger than MAX_LINT_BYTES is read at all.
  try {
    return readRegularFile(file, MAX_LINT_BYTES);
  } catch (error) {
    throw fileError(error, file, "read");
  }
}
