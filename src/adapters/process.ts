import { hostname, userInfo } from "node:os";

/** True when a process with this id is running on this machine (EPERM: running, as another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export const processId = (): number => process.pid;
export const hostName = (): string => hostname();

/** The operating-system user name ("" when it has none), or undefined where the system cannot tell. */
export function systemUserName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}
