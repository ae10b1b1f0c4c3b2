/**
 * The Ctrl+C flag. While a prompt is open, Ctrl+C is a key the prompt turns into an
 * InterruptError; between prompts it is a SIGINT, which only sets a flag so the current event
 * finishes and the next prompt stops.
 */
export function trapInterrupt(): { interrupted: () => boolean; release: () => void } {
  let flag = false;
  const onSignal = () => {
    flag = true;
  };
  process.on("SIGINT", onSignal);
  return { interrupted: () => flag, release: () => process.removeListener("SIGINT", onSignal) };
}
