import { renderGroupedBarChart } from "../../report/chart-svg";

const grouping = {
  categories: ["zvol", "xfs-qcow2"],
  series: [
    { name: "cache=none", values: [120, 140] },
    { name: "cache=writeback", values: [300, 310] },
  ],
  description: "storage backend · cache mode",
};

describe("grouped bar chart", () => {
  it("keeps the baseline line and its label in view when the baseline is above every bar", () => {
    const svg = renderGroupedBarChart({ title: "seq read", unit: "MB/s", grouping, baseline: { label: "baseline", value: 520 } });
    expect(svg).toMatch(/>baseline: 520/);
  });

  it("leaves the axis to the data when the baseline is within it", () => {
    const svg = renderGroupedBarChart({ title: "seq read", unit: "MB/s", grouping, baseline: { label: "baseline", value: 200 } });
    expect(svg).toMatch(/>baseline: 200/);
    expect(svg).not.toMatch(/>572</); // no axis stretched to 1.1 x the baseline
  });
});
