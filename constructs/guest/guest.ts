import { Construct } from "constructs";
import { controllersFor } from "../attachment/controllers";
import { Bus, Machine } from "../../domain/disk-settings";
import type { GuestDisk } from "../attachment/guest-disk";
import { allocateTargets, sharedSlot } from "../attachment/target-names";
import { Annotations, ITerraformDependable, Lazy, dependable } from "../core/cdktf";
import { subjectOf } from "../core/subject";
import { terraformLiteral } from "../core/terraform-string";
import {
  LibvirtDomain,
  DomainDevicesInterfaces,
  domainDevicesControllersToTerraform,
  domainDevicesDisksToTerraform,
  domainDevicesSerialsToTerraform,
} from "../core/libvirt";
import { Host } from "../host/host";
import { checkIdeCount } from "../../domain/disk-rules";
import { formatFinding } from "../../domain/rules";
import { GuestOsProfile } from "./guest-os";
import { buildOsDisks, OsDiskGuest, OsDisks } from "./os-build";
import { MAX_SERIAL_PORTS, renderConsole, renderFilePort, SerialFilePort, serialFilePort } from "./serial-ports";
import type { Accelerator, Firmware } from "../../domain/guest-settings";
import { sizeText, type SizeLike } from "../../domain/size";
import { parseSizeMiB } from "./size";
import { LINUX_CLOCK, WINDOWS_CLOCK, WINDOWS_HYPERV } from "./windows";

export type { Accelerator, Firmware };
export type CpuMode = "host-passthrough" | "host-model";
/** The CPU model a TCG guest gets: QEMU's baseline x86-64 model (host CPU modes need KVM). */
export const TCG_CPU_MODEL = "qemu64";

/** How the guest's network card is connected. Give exactly one of `network` and `bridge`. */
export interface GuestNetwork {
  /** A libvirt network by name (`virsh net-list`). @default "default" when no bridge is given */
  readonly network?: string;
  /** A host bridge (e.g. br0) for a guest on the LAN. @default - none */
  readonly bridge?: string;
  /** Network card model. @default "virtio" */
  readonly model?: "virtio" | "e1000e";
}

export interface GuestProps {
  /** The KVM host the guest runs on. */
  readonly host: Host;
  /** Domain name in libvirt (`virsh list`); also prefixes the guest's volumes. @default - the construct id */
  readonly name?: string;
  /**
   * Machine type: `q35` (PCIe, SATA) for everything modern; `pc` (i440fx) only when IDE disks
   * are wanted.
   * @default "q35"
   */
  readonly machine?: Machine;
  /** Firmware: legacy BIOS or UEFI (OVMF, picked by libvirt). @default "bios" */
  readonly firmware?: Firmware;
  /** Number of virtual CPUs. @default 2 */
  readonly vcpus?: number;
  /** Memory, e.g. "4GiB" or "512MiB". @default "2GiB" */
  readonly memory?: SizeLike;
  /**
   * `kvm`, or `tcg` for a host without working KVM (software emulation: far slower, for checking
   * that a study runs, never for its numbers).
   * @default "kvm"
   */
  readonly accelerator?: Accelerator;
  /**
   * CPU model the guest sees under KVM: the host's own CPU (fastest) or a migratable model of it.
   * Under TCG the guest gets QEMU's `qemu64` model; host CPU modes need KVM.
   * @default "host-passthrough" (kvm)
   */
  readonly cpu?: CpuMode;
  /** Network card, or `false` for none. @default { network: "default" } */
  readonly network?: GuestNetwork | false;
  /**
   * File on the KVM host that logs everything the serial console (ttyS0 / COM1) prints.
   * @default - the console is not logged (still reachable with `virsh console`)
   */
  readonly consoleLogFile?: string;
  /** libvirt storage pool for the boot disk, cloud-init and ISO volumes. @default "default" */
  readonly pool?: string;
  /** Operating system: `GuestOs.linux(...)` or `GuestOs.windows(...)`. @default - no OS disks (attach a boot disk yourself) */
  readonly os?: GuestOsProfile;
  /** Start the guest when the host boots. @default false */
  readonly autostart?: boolean;
  /** Start the guest once it is created. @default true */
  readonly running?: boolean;
}

/** Text from the user as a literal Terraform string (a kernel command line is not a template). */
function literal(text: string | undefined): string | undefined {
  return text === undefined ? undefined : terraformLiteral(text);
}

/**
 * A KVM guest (libvirt domain): machine type, firmware, vCPUs, memory, CPU, network, serial
 * console and optional OS profile. Disks are attached with `DiskAttachment`; the domain's disk
 * list is rendered at synth time, so disks may be attached after the guest is built.
 */
export class Guest extends Construct implements OsDiskGuest {
  public readonly host: Host;
  public readonly name: string;
  public readonly machine: Machine;
  public readonly firmware: Firmware;
  public readonly vcpus: number;
  /** Memory as given, e.g. "4GiB". */
  public readonly memory: string;
  private readonly memorySize: SizeLike;
  public readonly pool: string;
  public readonly accelerator: Accelerator;
  public readonly os?: GuestOsProfile;
  /** Host file logging the serial console, if any. */
  public readonly consoleLogFile?: string;
  /** Escape hatch: the libvirt domain resource. */
  public readonly domain: LibvirtDomain;
  /** The boot disk, cloud-init disk and CD-ROMs the OS profile created, if any. */
  public readonly osDisks?: OsDisks;
  private readonly leadingDisks: GuestDisk[] = [];
  /** Disks rendered after all others (the cloud-init disk), so data disks keep the names they would have without it. */
  private readonly trailingDisks: GuestDisk[] = [];
  private readonly serialPorts: SerialFilePort[] = [];
  private readonly network: GuestNetwork | false;
  private readonly cpu?: CpuMode;
  private warned = false;

  constructor(scope: Construct, id: string, props: GuestProps) {
    super(scope, id);
    this.host = props.host;
    this.name = props.name ?? id;
    this.machine = props.machine ?? "q35";
    this.firmware = props.firmware ?? "bios";
    this.vcpus = props.vcpus ?? 2;
    this.memorySize = props.memory ?? "2GiB";
    this.memory = sizeText(this.memorySize);
    this.pool = props.pool ?? "default";
    this.accelerator = props.accelerator ?? "kvm";
    this.cpu = props.cpu;
    this.os = props.os;
    this.consoleLogFile = props.consoleLogFile;
    this.network = props.network ?? { network: "default" };
    const windows = props.os?.kind === "windows";
    const kvm = this.accelerator === "kvm";
    const kernelBoot = props.os?.kind === "linux" ? props.os.directKernelBoot : undefined;

    this.domain = new LibvirtDomain(this, "domain", {
      provider: props.host.provider,
      name: this.name,
      type: kvm ? "kvm" : "qemu",
      memory: parseSizeMiB(this.memorySize) ?? 0,
      memoryUnit: "MiB",
      vcpu: this.vcpus,
      cpu: kvm ? { mode: props.cpu ?? "host-passthrough" } : { mode: "custom", model: TCG_CPU_MODEL },
      os: {
        type: "hvm",
        typeArch: "x86_64",
        typeMachine: this.machine,
        firmware: this.firmware === "uefi" ? "efi" : undefined,
        kernel: literal(kernelBoot?.kernel),
        initrd: literal(kernelBoot?.initrd),
        cmdline: literal(kernelBoot?.cmdline),
      },
      // Hyper-V enlightenments are KVM's; QEMU refuses them under TCG.
      features: { acpi: true, apic: {}, hyperV: windows && kvm ? WINDOWS_HYPERV : undefined },
      clock: windows ? WINDOWS_CLOCK : LINUX_CLOCK,
      autostart: props.autostart ?? false,
      running: props.running ?? true,
      devices: {
        disks: Lazy.anyValue({ produce: () => this.renderDisks() }),
        controllers: Lazy.anyValue({ produce: () => this.renderControllers() }),
        serials: Lazy.anyValue({ produce: () => this.renderSerials() }),
        interfaces: this.renderInterfaces(),
      },
    });
    if (props.os) this.osDisks = buildOsDisks(this, props.os);
    this.node.addValidation({ validate: () => this.validate() });
  }

  /**
   * Adds a serial port whose host side is a file: what the guest writes to it lands in
   * `hostPath` on the KVM host. Ports count from 1 (0 is the console); x86 has four.
   */
  public addSerialFile(hostPath: string): SerialFilePort {
    const port = serialFilePort(this.serialPorts.length + 1, hostPath);
    this.serialPorts.push(port);
    return port;
  }

  /**
   * Registers a disk the guest renders into its domain, and what must exist before the domain.
   * `DiskAttachment` and the OS profile call this; target names follow the order of calls, except
   * that disks added with `last` come after all others.
   */
  public addDisk(disk: GuestDisk, dependables: readonly ITerraformDependable[] = [], options: { readonly last?: boolean } = {}): void {
    (options.last ? this.trailingDisks : this.leadingDisks).push(disk);
    this.dependOn(...dependables);
  }

  /** Makes the domain wait for these (host steps, volumes) on create, and go first on destroy. */
  public dependOn(...dependables: ITerraformDependable[]): void {
    if (dependables.length) {
      this.domain.dependsOn = [...(this.domain.dependsOn ?? []), ...dependables.map((d) => dependable(d))];
    }
  }

  /** The target device name (vda, sdb, hda, ...) a registered disk gets. */
  public targetDeviceOf(disk: GuestDisk): string {
    const index = this.disks.indexOf(disk);
    if (index < 0) throw new Error(`${this.node.path}: this disk is not attached to guest ${this.name}`);
    return this.targets()[index];
  }

  /**
   * The bus CD-ROMs use: SATA on both machines. Windows has the AHCI driver built in, and on
   * `pc` this keeps the IDE channels free for disks under test.
   */
  public get cdromBus(): Bus {
    return "sata";
  }

  /** Every disk in the domain's order. */
  private get disks(): GuestDisk[] {
    return [...this.leadingDisks, ...this.trailingDisks];
  }

  private targets(): string[] {
    return allocateTargets(this.disks);
  }

  private renderDisks(): unknown {
    const names = this.targets();
    return this.disks.map((disk, i) => domainDevicesDisksToTerraform(disk.render(names[i])));
  }

  private renderControllers(): unknown {
    const names = this.targets();
    const controllers = controllersFor(this.disks.map((d, i) => ({ bus: d.bus, target: names[i] })));
    return controllers.length ? controllers.map((c) => domainDevicesControllersToTerraform(c)) : undefined;
  }

  private renderSerials(): unknown {
    const serials = [renderConsole(this.consoleLogFile), ...this.serialPorts.map(renderFilePort)];
    return serials.map((s) => domainDevicesSerialsToTerraform(s));
  }

  private renderInterfaces(): DomainDevicesInterfaces[] | undefined {
    if (this.network === false) return undefined;
    const { bridge, network, model } = this.network;
    return [
      {
        source: bridge !== undefined && network === undefined ? { bridge: { bridge } } : { network: { network: network ?? "default" } },
        model: { type: model ?? "virtio" },
      },
    ];
  }

  private validate(): string[] {
    const subject = subjectOf(this, "guest");
    const errors: string[] = [];
    if (parseSizeMiB(this.memorySize) === undefined || parseSizeMiB(this.memorySize) === 0) {
      errors.push(`${subject}: memory "${this.memory}" is not a size in whole MiB. Fix: write it like "4GiB" or "512MiB".`);
    }
    if (!Number.isInteger(this.vcpus) || this.vcpus < 1) {
      errors.push(`${subject}: vcpus ${this.vcpus} is not a whole number of at least 1. Fix: give e.g. vcpus: 2.`);
    }
    if (this.network !== false && this.network.network !== undefined && this.network.bridge !== undefined) {
      errors.push(
        `${subject}: network gives both network "${this.network.network}" and bridge "${this.network.bridge}". Fix: keep one of them.`,
      );
    }
    if (this.serialPorts.length + 1 > MAX_SERIAL_PORTS) {
      errors.push(
        `${subject}: ${this.serialPorts.length + 1} serial ports (console + ${this.serialPorts.length} files): x86 guests have ${MAX_SERIAL_PORTS} (COM1-COM4). Fix: add at most ${MAX_SERIAL_PORTS - 1} file ports.`,
      );
    }
    const ideDevices = this.disks.filter((d) => d.bus === "ide").length;
    for (const finding of checkIdeCount(ideDevices)) errors.push(formatFinding(subject, finding));
    errors.push(...this.checkDedicatedDisks(subject));
    if (this.accelerator === "tcg") {
      if (this.cpu !== undefined) {
        errors.push(`${subject}: cpu "${this.cpu}" needs KVM; this guest runs under TCG. Fix: leave cpu unset (TCG guests get ${TCG_CPU_MODEL}) or use accelerator "kvm".`);
      }
      if (this.os?.kind === "windows" && !this.warned) {
        this.warned = true;
        Annotations.of(this).addWarning(`${subject}: runs under TCG without Hyper-V enlightenments (they need KVM): expect Windows to be very slow.`);
      }
    }
    errors.push(...(this.osDisks?.validate(subject) ?? []));
    return errors;
  }

  /** Each disk that asked for its own controller or IDE channel has it. */
  private checkDedicatedDisks(subject: string): string[] {
    const names = this.targets();
    const slots = this.disks.map((d, i) => sharedSlot(d.bus, names[i]));
    return this.disks.flatMap((disk, i) => {
      if (!disk.dedicated) return [];
      const others = names.filter((_, j) => j !== i && slots[j] === slots[i]);
      if (!others.length) return [];
      const where = disk.bus === "ide" ? "IDE channel" : "controller";
      return [
        `${subject}: disk ${names[i]} (${disk.bus}) should have its ${where} to itself but shares it with ${others.join(", ")}. ` +
          `Fix: attach fewer ${disk.bus} disks to this guest${disk.bus === "ide" ? " (an IDE channel holds two; the pc machine has two channels)" : ""}, or put the others on another bus.`,
      ];
    });
  }
}
