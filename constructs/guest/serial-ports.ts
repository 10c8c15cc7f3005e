import type { DomainDevicesSerials } from "../core/libvirt";

/** x86 guests have four ISA serial ports (COM1-COM4, ttyS0-ttyS3). */
export const MAX_SERIAL_PORTS = 4;

/** A guest serial port whose host side is a file. */
export interface SerialFilePort {
  /** Port number: 0 is the console, extra ports count from 1. */
  readonly port: number;
  /** File on the KVM host that receives what the guest writes. */
  readonly hostPath: string;
  /** The port as Linux names it, e.g. /dev/ttyS1. */
  readonly linuxDevice: string;
  /** The port as Windows names it, e.g. COM2. */
  readonly windowsDevice: string;
}

export function serialFilePort(port: number, hostPath: string): SerialFilePort {
  return { port, hostPath, linuxDevice: `/dev/ttyS${port}`, windowsDevice: `COM${port + 1}` };
}

/** The console: an interactive serial port (`virsh console`), optionally logged to a host file. */
export function renderConsole(logFile: string | undefined): DomainDevicesSerials {
  return {
    target: { type: "isa-serial", port: 0 },
    log: logFile === undefined ? undefined : { file: logFile, append: "on" },
  };
}

export function renderFilePort(port: SerialFilePort): DomainDevicesSerials {
  return {
    source: { file: { path: port.hostPath, append: "off" } },
    target: { type: "isa-serial", port: port.port },
  };
}
