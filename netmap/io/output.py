"""One safe writer for every file and folder netmap writes.

Every output (a map, a report, an export, a template, a dataset folder, a ``--csv`` written to a
file) goes through this module, so that all of them behave the same way:

- **atomic**: the content is written to a temporary sibling and renamed into place, so a full
  disk, an exception or Ctrl-C leaves the previous good file (or nothing) and no stray temporary
  file;
- **the umask is honoured**: a new file gets ``0o666 & ~umask`` (0644 under the usual 022), as
  ``open()`` would give it, so colleagues on a shared folder can read it (``mkstemp`` alone
  gives 0600); replacing a file keeps the mode it had;
- **no symlink is followed**: ``-o link`` where ``link`` is a symbolic link is refused rather
  than replacing the link (or, as root, what it points to: ``-o /dev/stdout``); so is a target
  that exists and is not a regular file (a FIFO, a device);
- **clear errors**: an unwritable or missing folder raises :class:`~netmap.errors.OutputError`
  naming the path, which the CLI prints as ``Error: …``.

Folders written whole (:func:`atomic_dir`) carry a marker file, :data:`MARKER`, so that a later
``--overwrite`` can tell a folder netmap wrote from a user's folder and refuse to replace the
latter (see :func:`replace_dir_allowed`).

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> write_text(d / "a.txt", "こんにちは\\n")
>>> (d / "a.txt").read_text(encoding="utf-8")
'こんにちは\\n'
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from netmap.errors import OutputError

__all__ = [
    "MARKER",
    "write_text",
    "write_bytes",
    "atomic_output",
    "atomic_dir",
    "check_target",
    "replace_dir_allowed",
]

#: The file that marks a folder as written by netmap (``atomic_dir``).
MARKER = ".netmap-output"


def _umask() -> int:
    # os.umask can only be read by setting it; set it straight back (single-threaded CLI).
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _describe(exc: OSError) -> str:
    reasons = {
        errno.EACCES: "書き込み権限がありません (permission denied)",
        errno.EPERM: "書き込み権限がありません (permission denied)",
        errno.ENOSPC: "ディスクがいっぱいです (no space left on device)",
        errno.EROFS: "読み取り専用です (read-only file system)",
        errno.ENOENT: "フォルダがありません (folder does not exist)",
        errno.ENOTDIR: "途中がフォルダではありません (a part of the path is not a folder)",
        errno.EISDIR: "フォルダです (is a folder)",
    }
    return reasons.get(exc.errno or 0, exc.strerror or str(exc))


def check_target(path: Path) -> None:
    """Refuse a target that is a symbolic link or exists and is not a regular file.

    Raises
    ------
    OutputError
        ``-o`` names a symlink, a folder, a FIFO or a device.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"{path}: 書けません (cannot write): {_describe(exc)}") from exc
    if stat.S_ISLNK(st.st_mode):
        raise OutputError(f"{path}: シンボリックリンクには書きません (refusing to write through a "
                          "symbolic link; name the real file)")
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{path}: フォルダです。ファイル名を指定してください (is a folder; "
                          "name a file)")
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"{path}: 通常のファイルではありません (not a regular file: refusing to "
                          "replace a FIFO, device or socket)")


@contextlib.contextmanager
def atomic_output(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` atomically.

    On any exception (including ``KeyboardInterrupt``) the temporary file is removed and
    ``path`` keeps its previous content. The new file gets the mode a plain ``open()`` would
    give it (``0o666 & ~umask``), or the mode of the file it replaces.

    Raises
    ------
    OutputError
        the folder is missing or unwritable, the disk is full, or ``path`` is a symlink,
        folder or special file.
    """
    out = Path(path)
    check_target(out)
    parent = out.parent if str(out.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise OutputError(f"{out}: 書けません (cannot write): {_describe(exc)}") from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        try:
            mode = stat.S_IMODE(os.stat(out).st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        check_target(out)  # again: nothing may have put a link there meanwhile
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{out}: 書けません (cannot write): {_describe(exc)}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_output`)."""
    with atomic_output(path) as tmp:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())


def write_text(path: Path | str, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_output`)."""
    write_bytes(path, text.encode(encoding))


def replace_dir_allowed(path: Path) -> bool:
    """Whether netmap may replace the existing folder ``path`` (``--overwrite``).

    Only a folder that netmap wrote (it holds :data:`MARKER`) may be replaced, and never the
    current folder, the home folder, the file-system root or a folder that contains the
    current folder.
    """
    try:
        real = path.resolve(strict=True)
    except OSError:
        return False
    if path.is_symlink() or not real.is_dir():
        return False
    cwd = Path.cwd().resolve()
    protected = {Path("/"), Path.home().resolve(), cwd}
    if real in protected or real in cwd.parents:
        return False
    return (real / MARKER).is_file()


@contextlib.contextmanager
def atomic_dir(path: Path | str, *, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary folder beside ``path``; on success it becomes ``path``.

    The folder is marked with :data:`MARKER`. An existing ``path`` is replaced only when
    ``overwrite`` is true **and** :func:`replace_dir_allowed` says netmap wrote it; the old
    folder is removed only after the new one is in place. On failure or Ctrl-C the temporary
    folder is removed and ``path`` is untouched.

    Raises
    ------
    OutputError
        ``path`` exists and may not be replaced, or cannot be written.
    """
    out = Path(path)
    if os.path.lexists(out):
        if not overwrite:
            raise OutputError(f"{out}: すでにあります。置き換えるなら --overwrite を付けてください "
                              "(already exists; add --overwrite to replace it)")
        if not replace_dir_allowed(out):
            raise OutputError(f"{out}: netmap が書いたフォルダではないので置き換えません "
                              f"(not a folder netmap wrote — no {MARKER} in it; refusing to "
                              "replace it; choose a new folder)")
    parent = out.parent if str(out.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise OutputError(f"{out}: 書けません (cannot write): {_describe(exc)}") from exc
    try:
        os.chmod(tmp, 0o777 & ~_umask())
        yield tmp
        (tmp / MARKER).write_text("netmap\n", encoding="utf-8")
        if os.path.lexists(out):
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(out, old)
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(f"{out}: 書けません (cannot write): {_describe(exc)}") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
