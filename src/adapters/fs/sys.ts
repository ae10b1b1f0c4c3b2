import * as fs from "node:fs";

/**
 * The file-system primitives every module of adapters/fs goes through, and nothing else does. They
 * are one replaceable object so a test can make the Nth write return short or fail with ENOSPC,
 * EACCES or EROFS without root, a full disk or module mocks (test/faults/).
 */
export interface FsPrimitives {
  openSync(file: string, flags: number, mode?: number): number;
  closeSync(fd: number): void;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number;
  fsyncSync(fd: number): void;
  ftruncateSync(fd: number, length: number): void;
  fstatSync(fd: number): fs.Stats;
  fchmodSync(fd: number, mode: number): void;
  statSync(file: string): fs.Stats;
  lstatSync(file: string): fs.Stats;
  realpathSync(file: string): string;
  renameSync(from: string, to: string): void;
  unlinkSync(file: string): void;
  mkdirSync(dir: string, options?: { recursive?: boolean }): void;
  rmdirSync(dir: string): void;
  rmSync(file: string, options: { recursive?: boolean; force?: boolean }): void;
  readdirSync(dir: string): string[];
}

const real: FsPrimitives = {
  openSync: (file, flags, mode) => fs.openSync(file, flags, mode),
  closeSync: (fd) => fs.closeSync(fd),
  writeSync: (fd, buffer, offset, length, position) => fs.writeSync(fd, buffer, offset, length, position),
  readSync: (fd, buffer, offset, length, position) => fs.readSync(fd, buffer, offset, length, position),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  ftruncateSync: (fd, length) => fs.ftruncateSync(fd, length),
  fstatSync: (fd) => fs.fstatSync(fd),
  fchmodSync: (fd, mode) => fs.fchmodSync(fd, mode),
  statSync: (file) => fs.statSync(file),
  lstatSync: (file) => fs.lstatSync(file),
  realpathSync: (file) => fs.realpathSync(file),
  renameSync: (from, to) => fs.renameSync(from, to),
  unlinkSync: (file) => fs.unlinkSync(file),
  mkdirSync: (dir, options) => void fs.mkdirSync(dir, options),
  rmdirSync: (dir) => fs.rmdirSync(dir),
  rmSync: (file, options) => fs.rmSync(file, options),
  readdirSync: (dir) => fs.readdirSync(dir),
};

/** The primitives in use: the real ones unless a test has injected others. */
export const sys: FsPrimitives = { ...real };

/** Replaces some primitives (a test's fault injection); returns the function that puts the real ones back. */
export function injectFs(overrides: Partial<FsPrimitives>): () => void {
  Object.assign(sys, overrides);
  return () => void Object.assign(sys, real);
}

/** The real primitives, for an injected one that fails only sometimes and otherwise does the real thing. */
export const realFs: Readonly<FsPrimitives> = real;

const C = fs.constants;
/** open(2) flags; O_NOFOLLOW and O_NONBLOCK are 0 where the platform lacks them (Windows). */
export const FLAGS = {
  read: C.O_RDONLY | (C.O_NONBLOCK ?? 0),
  readOwn: C.O_RDONLY | (C.O_NONBLOCK ?? 0) | (C.O_NOFOLLOW ?? 0),
  appendOnly: C.O_WRONLY | C.O_APPEND | (C.O_NOFOLLOW ?? 0),
  append: C.O_RDWR | C.O_APPEND | C.O_CREAT | (C.O_NOFOLLOW ?? 0),
  createNew: C.O_WRONLY | C.O_CREAT | C.O_EXCL | (C.O_NOFOLLOW ?? 0),
  writeInto: C.O_WRONLY,
  writeTruncate: C.O_WRONLY | C.O_TRUNC,
  readDir: C.O_RDONLY,
} as const;
