import v8 from "node:v8";

/**
 * A lint over many files keeps its live heap flat (25–30 MB from the first file to the five
 * thousandth: docs/benchmarks.md), but each file leaves garbage that survives a young-generation
 * collection, and V8 sizes the old generation from how little time collecting takes: it let it grow
 * to about 100 MB over the live size before a full collection, so peak RSS at 5,000 files was
 * about 240 MiB for 30 MB of live data. A fixed, smaller growing factor makes it collect sooner
 * (peak about 170 MiB at 5,000 files) for a few more full collections, each of a small heap. V8
 * reads the factor at every collection, so setting it when the run starts is enough. A run of a
 * few files never grows the heap that far and is left alone.
 */
export const HEAP_GROWTH_FLAG = "--heap-growing-percent=30";

/** The V8 flag for a run over `files` files, if it needs one. */
export function heapGrowthFlag(files: number): string | undefined {
  return files > 50 ? HEAP_GROWTH_FLAG : undefined;
}

export function boundHeapGrowth(files: number): void {
  const flag = heapGrowthFlag(files);
  if (flag !== undefined) v8.setFlagsFromString(flag);
}
