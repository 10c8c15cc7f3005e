/** Rendering a study's results: Markdown summary, CSV of every figure, HTML with server-side SVG charts. */
export * from "./chart-grouping";
export * from "./chart-svg";
export * from "./figures-csv";
export * from "./format";
export * from "./html-report";
export * from "./report-charts";
export * from "./summary-markdown";
export * from "./summary-tables";
export * from "./write-report";
export * from "./scores-json";
