"""The stock tools an auditor checks a bundle with: ssh-keygen and openssl.

Tests that need them skip with a reason when one is missing, unless AUDITOR_REQUIRE_TOOLS=1
(set by .ci/run), where a missing tool fails the run instead.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def require_tools(*names: str) -> None:
    """Call at module level: skip the module (or fail, in CI) when a tool is missing."""
    missing = [name for name in names if shutil.which(name) is None]
    if not missing:
        return
    if os.environ.get("AUDITOR_REQUIRE_TOOLS") == "1":
        pytest.fail(
            f"{', '.join(missing)} missing but AUDITOR_REQUIRE_TOOLS=1: "
            "apt-get install openssh-client openssl",
            pytrace=False,
        )
    pytest.skip(f"needs {', '.join(missing)} (openssh-client, openssl)", allow_module_level=True)


def make_key(directory: Path, name: str, kind: str = "ed25519", passphrase: str = "") -> Path:
    """A new key pair made by ssh-keygen: `directory/name` and `directory/name.pub`."""
    path = directory / name
    bits = {"rsa": ["-b", "3072"], "ecdsa": ["-b", "256"], "ecdsa384": ["-b", "384"]}
    key_type = "ecdsa" if kind.startswith("ecdsa") else kind
    command = ["ssh-keygen", "-q", "-t", key_type, *bits.get(kind, [])]
    subprocess.run([*command, "-N", passphrase, "-C", name, "-f", str(path)], check=True)
    return path


def public_key(key: Path) -> str:
    """`keytype base64` of a key's .pub file, without its comment."""
    return " ".join(Path(f"{key}.pub").read_text().split()[:2])


def fingerprint(key: Path) -> str:
    """The key's SHA256 fingerprint as `ssh-keygen -l` prints it."""
    listing = subprocess.run(
        ["ssh-keygen", "-l", "-f", f"{key}.pub"], check=True, capture_output=True, text=True
    )
    return listing.stdout.split()[1]


def ssh_keygen_verify(
    folder: Path, allowed_signers: Path, signer: str, namespace: str = "freshdesk-access-auditor"
) -> subprocess.CompletedProcess[str]:
    """The auditor's check with stock OpenSSH, exactly as the README gives it."""
    with (folder / "manifest.json").open("rb") as manifest:
        check = ["-f", str(allowed_signers), "-I", signer, "-n", namespace]
        return subprocess.run(
            ["ssh-keygen", "-Y", "verify", *check, "-s", str(folder / "manifest.json.sig")],
            stdin=manifest,
            capture_output=True,
            text=True,
            check=False,
        )


def ssh_keygen_sign(folder: Path, key: Path, namespace: str = "freshdesk-access-auditor") -> None:
    """Sign a manifest with stock OpenSSH, as a team without this tool would."""
    manifest = str(folder / "manifest.json")
    subprocess.run(
        ["ssh-keygen", "-Y", "sign", "-q", "-f", str(key), "-n", namespace, manifest],
        check=True,
        capture_output=True,
    )
