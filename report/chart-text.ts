/**
 * Text widths for charts rendered on the server. ECharts lays out labels by measuring text; without
 * a canvas it guesses with Arial-like widths, while a browser on Linux draws DejaVu Sans, about
 * 15 % wider, so labels laid out to fit were clipped at the chart's edge. The charts therefore ask
 * for DejaVu Sans (Verdana, its near twin in width, elsewhere) and are measured with its widths.
 */

/** The charts' font: DejaVu Sans where it exists (most Linux systems), Verdana (similar widths) elsewhere. */
export const CHART_FONT_FAMILY = "'DejaVu Sans', Verdana, sans-serif";

/** Advance widths of DejaVu Sans, in em, for the characters from " " (32) to "~" (126); measured in Chromium. */
const REGULAR: readonly number[] = [
  0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361, 0.318, 0.337,
  0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838, 0.838, 0.838, 0.531,
  1.0, 0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787,
  0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5,
  0.5, 0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612,
  0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838,
];
const BOLD: readonly number[] = [
  0.348, 0.456, 0.521, 0.838, 0.696, 1.002, 0.872, 0.306, 0.457, 0.457, 0.523, 0.838, 0.38, 0.415, 0.38, 0.365,
  0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.4, 0.4, 0.838, 0.838, 0.838, 0.58,
  1.0, 0.774, 0.762, 0.734, 0.83, 0.683, 0.683, 0.821, 0.837, 0.372, 0.372, 0.775, 0.637, 0.995, 0.837, 0.85,
  0.733, 0.85, 0.77, 0.72, 0.682, 0.812, 0.774, 1.103, 0.771, 0.724, 0.725, 0.457, 0.365, 0.457, 0.838, 0.5,
  0.5, 0.675, 0.716, 0.593, 0.716, 0.678, 0.435, 0.716, 0.712, 0.343, 0.343, 0.665, 0.343, 1.042, 0.712, 0.687,
  0.716, 0.716, 0.493, 0.595, 0.478, 0.712, 0.652, 0.924, 0.645, 0.652, 0.582, 0.712, 0.365, 0.712, 0.838,
];
/** Other characters (×, –, …) are counted a full em wide: more room, never less. */
const OTHER = 1;
/** Headroom for rounding and hinting differences between renderers. */
const SAFETY = 1.05;

/** The width of `text` in pixels in a CSS `font` such as "bold 12px sans-serif" (ECharts' measureText contract). */
export function measureChartText(text: string, font = "12px sans-serif"): { width: number } {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
  const widths = /\b(bold|[6-9]00)\b/.test(font) ? BOLD : REGULAR;
  let ems = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    ems += code >= 32 && code <= 126 ? (widths[code - 32] as number) : OTHER;
  }
  return { width: ems * size * SAFETY };
}
