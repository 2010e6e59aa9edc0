// Finds the JSON document in a command's output. Tools like npm print banner lines before it (and
// sometimes a summary after), so when the whole text is not JSON, try the spans between a line that
// opens an object/array at column 0 and a line that closes one at column 0.
type Extracted = { ok: true; value: unknown } | { ok: false };

function attempt(s: string): Extracted {
  try { return { ok: true, value: JSON.parse(s) as unknown }; } catch { return { ok: false }; }
}

export function extractJson(text: string): Extracted {
  const whole = attempt(text.trim());
  if (whole.ok) return whole;
  const lines = text.split(/\r?\n/);
  const starts = lines.flatMap((l, i) => /^[[{]/.test(l) ? [i] : []);
  const ends = lines.flatMap((l, i) => /[\]}]\s*$/.test(l) && /^[\]}[{]/.test(l) ? [i] : []);
  for (const i of starts) {
    for (let k = ends.length - 1; k >= 0; k--) {
      const j = ends[k] as number;
      if (j < i) break;
      const found = attempt(lines.slice(i, j + 1).join('\n'));
      if (found.ok) return found;
    }
  }
  return { ok: false };
}
