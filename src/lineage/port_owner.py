"""Which process listens on a loopback TCP port: the managed Neo4j must be the one answering.

On Linux the kernel's socket tables (/proc/net/tcp, tcp6) give the inode of each listening
socket, and /proc/<pid>/fd shows which process holds it. That needs no credentials and no
protocol, so it is asked before any password is sent. Elsewhere (macOS) `lsof` answers.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import subprocess
from pathlib import Path

PROC_NET = (Path("/proc/net/tcp"), Path("/proc/net/tcp6"))
LISTEN = "0A"  # the TCP_LISTEN state in /proc/net/tcp*
# Listening addresses a connection to 127.0.0.1 may reach.
REACHED_FROM_LOOPBACK = {ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("0.0.0.0")}
ANY_V6 = ipaddress.ip_address("::")


class PortOwnerUnknown(RuntimeError):
    """Neither /proc nor lsof can tell who listens on a port."""


def holders(port: int) -> set[int]:
    """The pids of the processes listening where a connection to 127.0.0.1:`port` lands.

    Only processes whose file descriptors we may read are found (our own user's).
    """
    if not PROC_NET[0].exists():
        return _lsof_holders(port)
    inodes = listening_inodes(port)
    if not inodes:
        return set()
    return {pid for pid in _pids() if socket_inodes(pid) & inodes}


def held_only_by(pid: int, port: int) -> bool | None:
    """True when `pid` holds every socket listening on 127.0.0.1:`port`, False when another
    process holds one, None when nothing listens there."""
    if not PROC_NET[0].exists():
        found = _lsof_holders(port)
        return None if not found else found == {pid}
    inodes = listening_inodes(port)
    if not inodes:
        return None
    return inodes <= socket_inodes(pid)


def listening_inodes(port: int) -> set[int]:
    """Inodes of the sockets listening on `port` that a connection to 127.0.0.1 may reach."""
    inodes: set[int] = set()
    for table in PROC_NET:
        try:
            lines = table.read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, _, hex_port = fields[1].partition(":")
            if fields[3] == LISTEN and int(hex_port, 16) == port and _reached(address):
                inodes.add(int(fields[9]))
    return inodes


def socket_inodes(pid: int) -> set[int]:
    """Inodes of the sockets among the open files of `pid` (empty when we may not look)."""
    inodes: set[int] = set()
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return inodes
    for fd in fds:
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    return inodes


def _reached(hex_address: str) -> bool:
    """Whether a socket bound to this /proc/net address takes connections to 127.0.0.1."""
    raw = bytes.fromhex(hex_address)
    # The kernel prints each 32-bit word in host (little-endian) order.
    words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    ip = ipaddress.ip_address(words)
    if isinstance(ip, ipaddress.IPv6Address):
        if ip == ANY_V6:
            return True
        ip = ip.ipv4_mapped or ip
    return ip in REACHED_FROM_LOOPBACK


def _pids() -> list[int]:
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]


def _lsof_holders(port: int) -> set[int]:
    lsof = shutil.which("lsof") or ("/usr/sbin/lsof" if Path("/usr/sbin/lsof").exists() else None)
    if lsof is None:
        raise PortOwnerUnknown(
            f"Cannot tell which process listens on port {port}: there is no /proc/net/tcp "
            "and no `lsof`. Install lsof, or point the service at a Neo4j with NEO4J_URI."
        )
    command = [lsof, "-nP", f"-iTCP@127.0.0.1:{port}", "-sTCP:LISTEN", "-Fp"]
    out = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    return {int(line[1:]) for line in out.splitlines() if line.startswith("p")}
