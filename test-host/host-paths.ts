/** Where the test host's libvirt and kvmbench's device locks are. */

/** libvirt's system instance, which the end-to-end tests deploy to. */
export const URI = "qemu:///system";
/** Where the host steps keep device locks (constructs/host/scripts/lib.sh). */
export const LOCK_DIR = process.env.KVMBENCH_LOCK_DIR ?? "/var/lib/kvmbench/locks";
