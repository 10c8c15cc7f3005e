/** How a guest runs, as the study, the Guest construct and the report name it. */

/**
 * How the host runs the guest's CPU: `kvm` (hardware virtualization: the only choice for numbers)
 * or `tcg` (QEMU's software emulation, for hosts without working KVM: checking a study's pipeline,
 * never measuring it).
 */
export type Accelerator = "kvm" | "tcg";
export const ACCELERATORS: readonly Accelerator[] = ["kvm", "tcg"];

/** The guest's firmware: legacy BIOS or UEFI (OVMF). */
export type Firmware = "bios" | "uefi";
export const FIRMWARES: readonly Firmware[] = ["bios", "uefi"];
