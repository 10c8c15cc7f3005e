import { App } from "../constructs/core/cdktf";
import { ExampleStack } from "./example-stack";

/** Adds the stacks `cdktf synth` writes. */
export function buildApp(app: App): App {
  new ExampleStack(app, "example");
  return app;
}
