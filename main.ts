import { App } from "./constructs/core/cdktf";
import { buildApp } from "./stacks/app";

buildApp(new App()).synth();
