import { Construct } from "constructs";
import { Host } from "../constructs/host/host";
import { hostResultsDirectory } from "../domain/locations";
import { HostSpec } from "../study/model";

/** The Host construct of a study's host entry. */
export function hostFromSpec(scope: Construct, spec: HostSpec): Host {
  return new Host(scope, "host", {
    uri: spec.uri,
    ssh: spec.ssh,
    workdir: spec.workdir,
    openZfsVersion: spec.openZfsVersion,
  });
}

/** Where a study's logs live on the host (domain/locations.ts). */
export function hostResultsDir(spec: HostSpec, studyName: string): string {
  return hostResultsDirectory(spec.workdir, studyName);
}
