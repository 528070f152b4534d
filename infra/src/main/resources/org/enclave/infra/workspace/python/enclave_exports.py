"""Reviewed exports from the Python kernel of an Enclave workspace.

    import enclave_exports
    enclave_exports.export(["results/table2.csv", "figures/fig1.png"], "Table 2 and Figure 1")
    enclave_exports.exports()          # the team's requests, as the CLI lists them
    enclave_exports.withdraw(request_id)

Each call runs the workspace's own `enclave export` command, which hashes the files, sends them
through the broker and files one request; nothing leaves until two reviewers outside the team
approve it. A refusal raises ExportRefused with what the control plane said.
"""

import os
import subprocess

__all__ = ["ExportRefused", "export", "exports", "withdraw"]


class ExportRefused(RuntimeError):
    """The request was not taken; the message says why and what to change."""


def _enclave(*args):
    done = subprocess.run(
        ["enclave", "export", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise ExportRefused((done.stderr or done.stdout).strip())
    return done.stdout


def export(files, justification, resubmits=None):
    """Asks for files of the home to leave; returns what the command printed (id, files, checks)."""
    if isinstance(files, (str, os.PathLike)):
        files = [files]
    args = ["request", *[os.fspath(f) for f in files], "--justification", str(justification)]
    if resubmits is not None:
        args += ["--resubmits", str(resubmits)]
    out = _enclave(*args)
    print(out, end="")
    return out


def exports():
    """The team's export requests, newest first, as the command lists them."""
    return _enclave("list")


def withdraw(request_id):
    """Takes back a request of one's own that nobody has reviewed yet."""
    return _enclave("withdraw", str(request_id))
