/**
 * Text from playbooks, answers and journals is untrusted: an ESC or other control character could
 * move the cursor, recolour the screen or hide text. Each one is replaced by its visible Unicode
 * "control picture" (ESC becomes ␛), so it is shown, not obeyed. Newlines and tabs survive.
 */

// C0 controls except \t and \n, DEL, and the C1 range (0x80–0x9f, which some terminals treat as CSI).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u0080-\u009f]/g;

export function neutralise(text: string): string {
  return text.replace(CONTROL, (ch) => {
    const code = ch.charCodeAt(0);
    if (code === 0x0d) return "";
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return "\u2421";
    return `\\x${code.toString(16)}`;
  });
}

/** Same as neutralise, and newlines become spaces: for one-line fields such as titles and table cells. */
export function oneLine(text: string): string {
  return neutralise(text).replace(/[\t\n]+/g, " ");
}
