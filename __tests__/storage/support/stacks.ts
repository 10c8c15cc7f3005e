import { App, TerraformStack, Testing } from "../../../constructs/core/cdktf";
import { Host, HostProps } from "../../../constructs/host/host";
import { BlockDevice } from "../../../constructs/storage";

export const SSD = "/dev/disk/by-id/ata-Samsung_SSD_840_PRO_Series_S1ATNSAD000000";
export const HDD = "/dev/disk/by-id/ata-WDC_WD40EFRX_WD-0001";

/** A stack with a host and the seed study's SSD. */
export function studyStack(name = "test-stack", hostProps: HostProps = {}): { app: App; stack: TerraformStack; host: Host; ssd: BlockDevice } {
  const app = Testing.app();
  const stack = new TerraformStack(app, name);
  const host = new Host(stack, "host", hostProps);
  const ssd = new BlockDevice(stack, "ssd", { host, path: SSD });
  return { app, stack, host, ssd };
}

/** The validation errors of a stack ("" when there are none). */
export function validationErrors(stack: TerraformStack): string {
  try {
    Testing.synth(stack, true);
    return "";
  } catch (e) {
    return (e as Error).message;
  }
}

/** The warnings annotated on a stack's constructs. */
export function warnings(stack: TerraformStack): string[] {
  return stack.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === "aws:cdk:warning" || m.type === "@cdktf/warn" || /warn/i.test(m.type))
    .map((m) => String(m.data));
}
