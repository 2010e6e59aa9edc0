// Chart colours from VS Code's theme variables (light, dark and high contrast set them on the body);
// read again on every render so a theme switch re-colours the charts.
export interface Palette {
  fg: string;
  muted: string;
  grid: string;
  bg: string;
  blue: string;
  green: string;
  red: string;
  orange: string;
  purple: string;
  yellow: string;
  /** High-contrast themes: thicker strokes, no translucent fills. */
  contrast: boolean;
  /** Colours of the team's series, one per origin in turn (never the local series' colour). */
  team: string[];
}

/** The swatch classes (dashboard.css) matching `team`, for legends. */
export const TEAM_SWATCHES = ['orange', 'purple', 'yellow', 'red', 'green'] as const;

export function palette(): Palette {
  const css = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  const fg = v('--vscode-editor-foreground', v('--vscode-foreground', '#cccccc'));
  const contrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  const colours = {
    // High contrast: the main series in the theme's own foreground (white on black, black on white), whose
    // contrast the theme guarantees; VS Code gives the chart colours the same values as in dark and light.
    blue: contrast ? fg : v('--vscode-charts-blue', '#3794ff'),
    green: v('--vscode-charts-green', '#89d185'),
    red: v('--vscode-charts-red', '#f14c4c'),
    orange: v('--vscode-charts-orange', '#d18616'),
    purple: v('--vscode-charts-purple', '#b180d7'),
    yellow: v('--vscode-charts-yellow', '#cca700'),
  };
  return {
    fg,
    muted: contrast ? fg : v('--vscode-descriptionForeground', fg),
    grid: v('--vscode-charts-lines', '#80808050'),
    bg: v('--vscode-editor-background', '#1e1e1e'),
    ...colours,
    contrast,
    team: TEAM_SWATCHES.map((c) => colours[c]),
  };
}
