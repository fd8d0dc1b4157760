"""The one place the handbook runs git: reading history, never writing it.

The editions' date, edition codes, the Changes pages and the pull-request review comment read the
repository through these functions. Outside a repository (a copy from a zip, git missing) they say
so by returning None or nothing, and the caller decides what that means.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path


def run_git(root: Path, *arguments: str, input: bytes | None = None) -> subprocess.CompletedProcess | None:
    """`git arguments` in `root`, bytes in and out; None when git cannot be run at all."""
    try:
        return subprocess.run(["git", *arguments], cwd=root, input=input, capture_output=True, check=False,
                              timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None


def git_output(root: Path, *arguments: str) -> str | None:
    """What `git arguments` prints, as text; None when git fails or is missing."""
    result = run_git(root, *arguments)
    if result is None or result.returncode:
        return None
    return result.stdout.decode("utf-8", "replace")


def top_level(root: Path) -> Path | None:
    """The work tree `root` is in, or None outside git."""
    output = git_output(root, "rev-parse", "--show-toplevel")
    return Path(output.strip()) if output else None


def is_shallow(root: Path) -> bool:
    """Whether the repository holds only the newest part of its history (a CI checkout of depth 1)."""
    return (git_output(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true"


def blob_id(data: bytes) -> str:
    """The id git gives a file's bytes: a tree's ids can be compared with files on disk without git."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def tree_blobs(root: Path, commit: str, paths: list[str]) -> dict[str, str]:
    """Every file under `paths` (relative to the work tree's top) at `commit`: path -> blob id."""
    output = git_output(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *paths)
    blobs = {}
    for record in (output or "").split("\0"):
        if not record:
            continue
        meta, name = record.split("\t", 1)
        kind, blob = meta.split()[1:3]
        if kind == "blob":
            blobs[name] = blob
    return blobs


@dataclass(frozen=True)
class Commit:
    sha: str
    timestamp: int  # committer time, seconds since the epoch
    subject: str


def commits_touching(root: Path, paths: list[str], limit: int | None = None, ref: str = "HEAD",
                     first_parent: bool = False) -> list[Commit]:
    """Commits reachable from `ref` that changed anything under `paths` (relative to the work tree's
    top, as `tree_blobs` takes them), newest first; with `first_parent`, only the commits of `ref`'s
    own line (a merged branch counts as its merge commit), so that each differs from the one after it."""
    arguments = ["log", "--format=%H%x1f%ct%x1f%s%x1e", "--first-parent" if first_parent else "--full-history"]
    if limit is not None:
        arguments.append(f"-{limit}")
    output = git_output(root, *arguments, ref, "--", *(f":(top){path}" for path in paths))
    commits = []
    for record in (output or "").split("\x1e"):
        record = record.strip()
        if record:
            sha, timestamp, subject = record.split("\x1f", 2)
            commits.append(Commit(sha, int(timestamp), subject))
    return commits


def show_file(root: Path, commit: str, path: str) -> bytes | None:
    """A file as it was at `commit` (`path` relative to the work tree's top, or to `root` when it starts
    with `./`); None when absent there."""
    result = run_git(root, "show", f"{commit}:{path}")
    if result is None or result.returncode:
        return None
    return result.stdout


def read_blobs(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """The contents of many blobs (by id) in one `git cat-file --batch`; ids git does not have are left out."""
    wanted = list(dict.fromkeys(blobs))
    if not wanted:
        return {}
    result = run_git(root, "cat-file", "--batch", input="\n".join(wanted).encode() + b"\n")
    if result is None or result.returncode:
        return {}
    output, position, contents = result.stdout, 0, {}
    for blob in wanted:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        contents[blob] = output[position:position + size]
        position += size + 1  # the content, then a newline
    return contents
