/** A note for the reader: what it is about, and one item per scenario concerned. */
export interface AssessmentNote {
  readonly text: string;
  readonly items: readonly string[];
}
