/** An incident id as a ref name and a folder name: no path separators, no leading dot, no "..". */
export function isIncidentId(id: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(id) && !id.includes("..") && !id.endsWith(".lock");
}
