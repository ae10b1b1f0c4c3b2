/**
 * Text from playbooks, answers and journals is untrusted: an ESC or other control character could
 * move the cursor, recolour the screen or hide text, and a bidirectional override (U+202E) could
 * make a line read differently from what it holds. Each one is replaced by something visible (ESC
 * becomes ␛, U+202E becomes <U+202E>), so it is shown, not obeyed. Newlines and tabs survive.
 */

// C0 controls except \t and \n, DEL, the C1 range (0x80–0x9f, which some terminals treat as CSI),
// the bidirectional embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u0080-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function neutralise(text: string): string {
  return text.replace(CONTROL, (ch) => {
    const code = ch.charCodeAt(0);
    if (code === 0x0d) return "";
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return "\u2421";
    if (code >= 0x2000) return `<U+${code.toString(16).toUpperCase()}>`;
    return `\\x${code.toString(16)}`;
  });
}

/** Same as neutralise, and newlines become spaces: for one-line fields such as titles and table cells. */
export function oneLine(text: string): string {
  return neutralise(text).replace(/[\t\n]+/g, " ");
}
