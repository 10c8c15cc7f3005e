/** cloud-init user-data the examples' Linux guests get by default: an `admin` user with sudo (add your SSH key). */
export const ADMIN_USER_DATA = `#cloud-config
users:
  - name: admin
    groups: [sudo]
    shell: /bin/bash
    ssh_authorized_keys: []
`;
