import { Construct } from "constructs";
import { subjectOf } from "../core/subject";
import type { DomainDevicesDisks } from "../core/libvirt";
import { checkDiskSettings } from "../../domain/disk-rules";
import { formatFinding } from "../../domain/rules";
import { RuleVerdict } from "../rules/rule-verdict";
import { addRuleWarning } from "../rules/rule-warnings";
import { IDiskBackend } from "../storage/disk-backend";
import { libvirtBus } from "./controllers";
import { renderSource } from "./disk-source";
import { Bus, CacheMode, DiskSettings, IoMode } from "../../domain/disk-settings";
import type { GuestDisk, IDiskGuest } from "./guest-disk";

/** What happens to the guest's TRIM/UNMAP requests. */
export type DiscardMode = "unmap" | "ignore";

export interface DiskAttachmentProps {
  /** The guest that sees the disk (a Guest). */
  readonly guest: IDiskGuest;
  /** The storage holding the disk (zvol, LV, raw device, image file, libvirt volume). */
  readonly backend: IDiskBackend;
  /**
   * The controller the guest sees the disk on. `ide` needs `machine: "pc"` on the guest.
   * @default "virtio"
   */
  readonly bus?: Bus;
  /**
   * Host page-cache mode. `none` (O_DIRECT) is the safe, fast choice for long-lived guests;
   * `writeback` and `unsafe` keep writes in host RAM (a warning); `none`/`directsync` need
   * storage that supports O_DIRECT.
   * @default "none"
   */
  readonly cache?: CacheMode;
  /**
   * QEMU's I/O mode. `native` (Linux AIO) needs cache `none` or `directsync`.
   * @default - the hypervisor default (threads on most QEMU versions)
   */
  readonly io?: IoMode;
  /**
   * `unmap` passes the guest's TRIM down to the storage (thin zvols, sparse images shrink);
   * `ignore` drops it.
   * @default - the hypervisor default (ignore)
   */
  readonly discard?: DiscardMode;
  /**
   * Serial number the guest sees (/dev/disk/by-id/virtio-<serial> on Linux); the benchmark
   * runner finds the disk under test by it. Up to 20 characters of A-Z a-z 0-9 . _ + -.
   * @default - no serial
   */
  readonly serial?: string;
  /**
   * Present the disk read-only.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Keep the disk alone on its controller (SATA, virtio-scsi) or IDE channel, so that no other
   * disk's traffic shares it: what a benchmark's disk under test needs. A virtio disk is always
   * alone (its own PCI device).
   * @default false
   */
  readonly dedicatedController?: boolean;
}

const SERIAL_PATTERN = /^[A-Za-z0-9._+-]{1,20}$/;

/**
 * A disk from a storage backend attached to a guest: bus, cache mode, I/O mode, discard and
 * serial. The study's rules (domain/disk-rules.ts) are checked at synth, unless the stack carries
 * the verdict of a judgement made before (RuleVerdict): errors fail synthesis naming the scenario,
 * this construct, the values and the fix; warnings become annotations.
 */
export class DiskAttachment extends Construct implements GuestDisk {
  public readonly guest: IDiskGuest;
  public readonly backend: IDiskBackend;
  public readonly bus: Bus;
  public readonly cache: CacheMode;
  public readonly io?: IoMode;
  public readonly discard?: DiscardMode;
  public readonly serial?: string;
  public readonly readOnly: boolean;
  public readonly dedicated: boolean;
  private warned = false;

  constructor(scope: Construct, id: string, props: DiskAttachmentProps) {
    super(scope, id);
    this.guest = props.guest;
    this.backend = props.backend;
    this.bus = props.bus ?? "virtio";
    this.cache = props.cache ?? "none";
    this.io = props.io;
    this.discard = props.discard;
    this.serial = props.serial;
    this.readOnly = props.readOnly ?? false;
    this.dedicated = props.dedicatedController ?? false;
    this.guest.addDisk(this, props.backend.dependables);
    this.node.addValidation({ validate: () => this.validate() });
  }

  /** The settings the study's rules judge. */
  public get settings(): DiskSettings {
    return { bus: this.bus, cache: this.cache, io: this.io, machine: this.guest.machine };
  }

  /** The guest-side device name (vda, sdb, hda, ...): fixed by attach order, per name family. */
  public get targetDevice(): string {
    return this.guest.targetDeviceOf(this);
  }

  /** @internal the guest calls this when it renders its domain. */
  public render(targetDevice: string): DomainDevicesDisks {
    const { facts, source } = this.backend;
    return {
      source: renderSource(source),
      target: { dev: targetDevice, bus: libvirtBus(this.bus) },
      driver: { name: "qemu", type: facts.format, cache: this.cache, io: this.io, discard: this.discard },
      serial: this.serial,
      readOnly: this.readOnly ? true : undefined,
    };
  }

  private validate(): string[] {
    const subject = `${subjectOf(this, "disk")} (${this.describe()})`;
    const errors: string[] = [];
    // A stack with a verdict had its rules judged already (a study judges each scenario once).
    const findings = RuleVerdict.of(this) ? [] : checkDiskSettings(this.settings, this.backend.facts);
    for (const finding of findings) {
      if (finding.level === "error") errors.push(formatFinding(subject, finding));
      else if (!this.warned) addRuleWarning(this, subject, finding);
    }
    this.warned = true;
    if (this.serial !== undefined && !SERIAL_PATTERN.test(this.serial)) {
      errors.push(
        `${subject}: serial "${this.serial}" is not 1 to 20 characters of A-Z a-z 0-9 . _ + -. Fix: use a short serial such as "kvmbench-test".`,
      );
    }
    return errors;
  }

  private describe(): string {
    const io = this.io ? `io=${this.io}` : "io=default";
    return `bus=${this.bus} cache=${this.cache} ${io} machine=${this.guest.machine} on ${this.backend.facts.summary}`;
  }
}
