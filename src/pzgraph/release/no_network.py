"""Take the network away from this process for good: a seccomp filter on socket().

A store worker needs no socket at all (it talks over its pipes), while pyoxigraph's SERVICE
would open one to any address a query names. After forbid_network() every socket() of a
family other than AF_UNIX fails with EACCES, in this thread and every thread started after
it, and the filter cannot be removed. It needs Linux (x86-64 or arm64) and no privilege
(PR_SET_NO_NEW_PRIVS first); elsewhere it returns False and the query checks stand alone.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import socket
import sys

PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
RET_ALLOW, RET_ERRNO = 0x7FFF0000, 0x00050000
LOAD_WORD, JUMP_EQUAL, JUMP_AT_LEAST, RETURN = 0x20, 0x15, 0x35, 0x06
ARCHITECTURES = {  # machine: (AUDIT_ARCH_…, the number of socket())
    "x86_64": (0xC000003E, 41),
    "aarch64": (0xC00000B7, 198),
}


class _Instruction(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte),
                ("k", ctypes.c_uint)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Instruction))]


def _program(arch: int, socket_call: int) -> list[tuple[int, int, int, int]]:
    """seccomp_data: nr at 0, arch at 4, args[0] (low half, little-endian) at 16."""
    deny = RET_ERRNO | errno.EACCES
    return [
        (LOAD_WORD, 0, 0, 4),
        (JUMP_EQUAL, 0, 6, arch),              # another architecture's calls: refused
        (LOAD_WORD, 0, 0, 0),
        (JUMP_AT_LEAST, 4, 0, 0x40000000),     # the x32 numbering: refused
        (JUMP_EQUAL, 0, 2, socket_call),       # not socket(): allowed
        (LOAD_WORD, 0, 0, 16),
        (JUMP_EQUAL, 0, 1, socket.AF_UNIX),    # socket(AF_UNIX, …) only
        (RETURN, 0, 0, RET_ALLOW),
        (RETURN, 0, 0, deny),
    ]


def forbid_network() -> bool:
    """Install the filter; True when it holds from now on."""
    found = ARCHITECTURES.get(platform.machine())
    if not sys.platform.startswith("linux") or found is None:
        return False
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return False
    steps = _program(*found)
    instructions = (_Instruction * len(steps))(*(_Instruction(*step) for step in steps))
    program = _Program(len(steps), instructions)
    ulong = ctypes.c_ulong
    if prctl(PR_SET_NO_NEW_PRIVS, ulong(1), ulong(0), ulong(0), ulong(0)) != 0:
        return False
    return prctl(PR_SET_SECCOMP, ulong(SECCOMP_MODE_FILTER),
                 ctypes.cast(ctypes.pointer(program), ctypes.c_void_p), ulong(0), ulong(0)) == 0
