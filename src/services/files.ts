import { fileError } from "../adapters/fs/errors.js";
import { readRegularFile } from "../adapters/fs/read.js";
import { decodeText } from "../core/text/decode.js";
import { CrisisError, EXIT, InputError } from "../errors.js";

/**
 * Reading the text files a command is given or finds (config, playbooks, templates, answers
 * files): a regular file only (a FIFO or a device is refused at once, never waited on), at most
 * a size limit, UTF-8 checked. Every problem is one line naming the file, exit 2.
 */

/** The size limit of a playbook, template, config or answers file: the YAML parser's. */
const MAX_TEXT_BYTES = 1024 * 1024; // the same as DEFAULT_YAML_LIMITS.maxBytes, without loading the parser

export interface ReadTextOptions {
  /** What the file is, for the message: "the answers file", "the config file". */
  what?: string;
  maxBytes?: number;
  /** The exit code when the file is missing (default 2). */
  missingExit?: typeof EXIT.usage | typeof EXIT.noInput;
}

export function readTextFile(file: string, options: ReadTextOptions = {}): string {
  let bytes: Buffer;
  try {
    bytes = readRegularFile(file, options.maxBytes ?? MAX_TEXT_BYTES);
  } catch (error) {
    const mapped = fileError(error, file, "read");
    if (mapped instanceof CrisisError && options.what)
      throw new CrisisError(
        mapped.message.replace(/^cannot read /, `cannot read ${options.what} `),
        (error as { code?: string }).code === "ENOENT" ? (options.missingExit ?? EXIT.usage) : EXIT.usage,
        undefined,
        { cause: error },
      );
    throw mapped;
  }
  const decoded = decodeText(bytes);
  if ("issue" in decoded) {
    const { line, column, message } = decoded.issue;
    throw new InputError(file, [{ file, line, column, message }]);
  }
  return decoded.text;
}
