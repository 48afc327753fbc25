"""Start, stop and inspect a local Neo4j server for netmap, one per data directory.

Why one module of ~500 lines: it is one lifecycle — build the launcher, write the config,
start, wait for Bolt, stop, status — whose failure modes (port taken, stale pid, first-start
password) depend on each other; each step is its own function.

The server is Neo4j Community 5.26 embedded in one Java class (``launcher/``), with Bolt on
127.0.0.1 and HTTP off. Its jars come from Maven Central into the local Maven repository the
first time (``ensure_built``); nothing is downloaded by hand and nothing is committed.

Everything that describes a running server lives in ``<data_dir>/netmap-neo4j.json`` (pid,
port, uri, data directory — never the password); the Java process writes its log to
``<data_dir>/neo4j.log`` and Neo4j's own logs go to ``<data_dir>/logs/``. The password reaches
the Java process through the environment variable ``NETMAP_NEO4J_PASSWORD`` only: a command
line is readable by every local user (``ps``, ``/proc/<pid>/cmdline``), an environment is not.

Command line: ``netmap db start|stop|status`` (:mod:`netmap.cli.neo4j`) calls these functions;
with auth on, ``start`` reads the password from ``NEO4J_PASSWORD``.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from netmap.errors import StoreError

__all__ = [
    "JVM_FLAGS",
    "default_data_dir",
    "ensure_built",
    "java_command",
    "start",
    "status",
    "stop",
]

LAUNCHER_DIR = Path(__file__).resolve().with_name("launcher")
POM = LAUNCHER_DIR / "pom.xml"
SOURCE = LAUNCHER_DIR / "src" / "main" / "java" / "netmap" / "launcher" / "NetmapNeo4j.java"
BUILD_DIR = LAUNCHER_DIR / "target"
CLASSES_DIR = BUILD_DIR / "classes"
CLASS_FILE = CLASSES_DIR / "netmap" / "launcher" / "NetmapNeo4j.class"
CLASSPATH_FILE = BUILD_DIR / "classpath.txt"
JAR = BUILD_DIR / "netmap-neo4j-launcher.jar"  # class-data sharing wants jars, not directories
ARCHIVE = BUILD_DIR / "netmap-neo4j.jsa"  # the JVM's class-data archive of Neo4j's classes
ARCHIVE_LOG = BUILD_DIR / "archive.log"
JAVA_OPTS_ENV = "NETMAP_NEO4J_JAVA_OPTS"  # extra JVM flags, e.g. -XX:TieredStopAtLevel=1
MAIN_CLASS = "netmap.launcher.NetmapNeo4j"

STATE_FILE = "netmap-neo4j.json"
LOG_FILE = "neo4j.log"
LOG_ROTATE_BYTES = 5 * 1024 * 1024
PASSWORD_ENV = "NETMAP_NEO4J_PASSWORD"  # to the Java process; see NetmapNeo4j.java
USER_PASSWORD_ENV = "NEO4J_PASSWORD"  # what a user sets for ``start``
READY = "NETMAP_NEO4J_READY"
FAILED = "NETMAP_NEO4J_FAILED"
MIN_PASSWORD = 8  # Neo4j's dbms.security.auth_minimum_password_length default

#: JVM flags for Neo4j 5.26 on Java 17, the one place they are set. Taken from the
#: ``server.jvm.additional`` lines of the neo4j.conf that Neo4j 5.26 ships: the module opens
#: (java.nio, java.io, sun.nio.ch) and native access its page cache and Netty need, G1, stack
#: traces kept, Netty's direct buffers, small cached NIO buffers and no log4j JMX. Left out on
#: purpose: ``-XX:+TrustFinalNonStaticFields`` (neo4j.conf says to drop it when embedded) and
#: ``-XX:+AlwaysPreTouch`` (slows every start by touching the whole heap; we start often).
JVM_FLAGS: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)

_SIZE = re.compile(r"^[1-9][0-9]*[kKmMgG]?$")
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}  # started here, so they can be reaped


def default_data_dir() -> Path:
    """The data directory used when none is given: ``$NETMAP_HOME/neo4j`` or
    ``~/.local/share/netmap/neo4j``.

    Returns
    -------
    pathlib.Path
        An absolute path; it need not exist yet.
    """
    home = os.environ.get("NETMAP_HOME")
    base = Path(home) if home else Path.home() / ".local" / "share" / "netmap"
    return (base / "neo4j").resolve()


def ensure_built() -> None:
    """Resolve the Neo4j jars, compile the launcher and write a class-data archive, once.

    Three steps, each skipped when its output is newer than its inputs, so a second start
    spends no time here:

    1. ``mvn compile dependency:build-classpath`` on ``launcher/pom.xml`` (the jars go to the
       local Maven repository; the classpath to ``target/classpath.txt``);
    2. the compiled class is zipped into ``target/netmap-neo4j-launcher.jar``;
    3. one warm-up start (``--once``, auth off, a throw-away directory) with
       ``-XX:ArchiveClassesAtExit`` writes ``target/netmap-neo4j.jsa``; later starts map it
       (``-XX:SharedArchiveFile``) and spend about a third less CPU loading classes. A failed
       warm-up only loses that speed: the reason is in ``target/archive.log``.

    Raises
    ------
    StoreError
        Maven or Java is not installed, or the build failed (the message ends with Maven's
        last lines).
    """
    if not _build_is_current():
        mvn = shutil.which("mvn")
        if mvn is None:
            raise StoreError(
                "Maven (mvn) が見つかりません — Maven is needed once to fetch Neo4j "
                "(Debian: apt-get install maven)")
        _java()  # fail early with a clear message
        BUILD_DIR.mkdir(parents=True, exist_ok=True)
        cmd = [mvn, "-q", "-B", "-f", str(POM), "compile", "dependency:build-classpath",
               f"-Dmdep.outputFile={CLASSPATH_FILE}"]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode == 0 and CLASS_FILE.exists() and CLASSPATH_FILE.exists():
            # Maven leaves an unchanged classpath file (or class) alone; mark both as built now.
            for built in (CLASS_FILE, CLASSPATH_FILE):
                os.utime(built)
        if done.returncode != 0 or not _build_is_current():
            tail = _tail(done.stdout + done.stderr, 25)
            raise StoreError(
                f"Neo4j ランチャーのビルドに失敗しました (mvn exit {done.returncode}):\n{tail}")
    if not _newer(JAR, CLASS_FILE):
        tmp = JAR.with_name(JAR.name + ".tmp")
        with zipfile.ZipFile(tmp, "w") as jar:
            for path in sorted(CLASSES_DIR.rglob("*.class")):
                jar.write(path, path.relative_to(CLASSES_DIR).as_posix())
        tmp.replace(JAR)
    if not _newer(ARCHIVE, JAR, CLASSPATH_FILE):
        _write_archive()


def java_command(data_dir: Path, port: int = 7687, auth: bool = True, heap: str = "2g",
                 pagecache: str = "512m") -> list[str]:
    """The command line of the Java process for one server (it never holds a password).

    Parameters
    ----------
    data_dir : pathlib.Path
        Neo4j's home: databases go to ``data/``, Neo4j's logs to ``logs/``.
    port : int
        Bolt port on 127.0.0.1.
    auth : bool
        Whether Bolt asks for a user and password.
    heap : str
        Java heap, initial and maximum (``-Xms``/``-Xmx``), e.g. ``"2g"``.
    pagecache : str
        Neo4j page cache (``server.memory.pagecache.size``), e.g. ``"512m"``.

    Returns
    -------
    list of str
    """
    for name, value in (("heap", heap), ("pagecache", pagecache)):
        if not _SIZE.match(value):
            raise StoreError(f"{name}: '{value}' は大きさではありません — use e.g. 512m or 2g")
    classpath = os.pathsep.join([str(JAR), CLASSPATH_FILE.read_text().strip()])
    share = [f"-XX:SharedArchiveFile={ARCHIVE}"] if ARCHIVE.exists() else []
    extra = os.environ.get(JAVA_OPTS_ENV, "").split()
    cmd = [_java(), f"-Xms{heap}", f"-Xmx{heap}", *JVM_FLAGS, *share, *extra, "-cp", classpath,
           MAIN_CLASS, "--home", str(data_dir), "--port", str(port), "--pagecache", pagecache]
    if not auth:
        cmd.append("--no-auth")
    return cmd


def start(data_dir: Path | str | None = None, port: int = 7687, password: str | None = None,
          auth: bool = True, heap: str = "2g", pagecache: str = "512m",
          timeout: float = 180.0) -> dict[str, Any]:
    """Start a Neo4j server in the background and wait until Bolt answers.

    The server outlives the caller (its own session, its output in ``neo4j.log``); stop it
    with :func:`stop`. Starting a data directory whose server already runs on the same port
    returns that server's state.

    Parameters
    ----------
    data_dir : pathlib.Path or str, optional
        Where the databases, logs and the state file live; :func:`default_data_dir` if None.
    port : int
        Bolt port on 127.0.0.1 (the URI is ``bolt://127.0.0.1:<port>``).
    password : str, optional
        Password of user ``neo4j`` when ``auth`` is on; if None, ``NEO4J_PASSWORD`` is read.
        Set again at every start, so a new password replaces the old one.
    auth : bool
        False turns authentication off (tests, a throw-away local server).
    heap, pagecache : str
        Memory; the defaults suit a 2-core, 24 GB machine and leave room for everything else.
    timeout : float
        Seconds to wait for the ready line; the first start creates the system database and
        takes longest.

    Returns
    -------
    dict
        The state: ``running`` (True), ``pid``, ``port``, ``uri``, ``data_dir``, ``log``,
        ``auth``, ``heap``, ``pagecache``, ``started_at`` and ``ready_seconds``, plus
        ``already_running`` when nothing was started.

    Raises
    ------
    StoreError
        No password (or one shorter than Neo4j's minimum of 8), the port is taken, a server of
        this directory runs on another port, the build failed, the server exited or was not
        ready within ``timeout`` (the message ends with the log's last lines).
    """
    data_dir = _data_dir(data_dir)
    current = status(data_dir)
    if current["running"]:
        if current["port"] != port:
            raise StoreError(
                f"{data_dir} の Neo4j はポート {current['port']} で動いています — already running "
                f"on port {current['port']}; stop it first")
        # A server still starting (its state file is written before Bolt opens): return only
        # once Bolt accepts connections, as a first start does.
        deadline = time.monotonic() + timeout
        while not _port_open(int(current["port"])):
            if time.monotonic() > deadline or not status(data_dir)["running"]:
                raise StoreError(f"Neo4j ({data_dir}) の Bolt が開きません — Bolt did not accept "
                                 f"connections within {timeout:.0f} s (see {current['log']})")
            time.sleep(0.25)
        return {**status(data_dir), "already_running": True}
    if auth:
        password = password if password is not None else os.environ.get(USER_PASSWORD_ENV)
        if not password:
            raise StoreError(
                f"パスワードがありません — set {USER_PASSWORD_ENV}, or start with auth off (--no-auth)")
        if len(password) < MIN_PASSWORD:
            raise StoreError(f"パスワードは {MIN_PASSWORD} 文字以上にしてください — Neo4j needs at "
                             f"least {MIN_PASSWORD} characters")
    if _port_open(port):
        raise StoreError(f"ポート {port} は使用中です — port {port} on 127.0.0.1 is already in use")
    ensure_built()
    cmd = java_command(data_dir, port, auth, heap, pagecache)

    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir / LOG_FILE
    if log.exists() and log.stat().st_size > LOG_ROTATE_BYTES:
        log.replace(log.with_name(LOG_FILE + ".1"))
    env = {k: v for k, v in os.environ.items() if k != PASSWORD_ENV}
    if auth:
        env[PASSWORD_ENV] = str(password)
    began = time.monotonic()
    with log.open("ab") as out:
        out.write(f"--- netmap: starting Neo4j on port {port} at {_now()} ---\n".encode())
        out.flush()
        offset = out.tell()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, env=env, cwd=data_dir,
                                start_new_session=True)
    _CHILDREN[proc.pid] = proc
    state: dict[str, Any] = {
        "pid": proc.pid, "port": port, "uri": f"bolt://127.0.0.1:{port}",
        "data_dir": str(data_dir), "log": str(log), "auth": auth, "heap": heap,
        "pagecache": pagecache, "started_at": _now(),
    }
    _write_state(data_dir, state)
    try:
        _wait_ready(proc, log, offset, port, timeout)
    except StoreError:
        _terminate(proc.pid, 30.0)
        _state_path(data_dir).unlink(missing_ok=True)
        raise
    state["ready_seconds"] = round(time.monotonic() - began, 1)
    _write_state(data_dir, state)
    return {**state, "running": True}


def stop(data_dir: Path | str | None = None, timeout: float = 120.0) -> dict[str, Any]:
    """Stop the server of a data directory: SIGTERM, so Neo4j checkpoints and closes cleanly.

    Parameters
    ----------
    data_dir : pathlib.Path or str, optional
        As for :func:`start`.
    timeout : float
        Seconds to wait for a clean exit before SIGKILL.

    Returns
    -------
    dict
        ``running`` (False), ``stopped`` (True if this call stopped a server), ``pid``,
        ``port``, ``uri``, ``data_dir``, and ``killed`` when SIGKILL was needed.
    """
    current = status(data_dir)
    if not current["running"]:
        return {**current, "stopped": False}
    killed = _terminate(int(current["pid"]), timeout)
    _state_path(Path(current["data_dir"])).unlink(missing_ok=True)
    return {**current, "running": False, "stopped": True, "killed": killed}


def status(data_dir: Path | str | None = None) -> dict[str, Any]:
    """Whether the server of a data directory runs, read from its state file and the process.

    A state file whose process is gone, or whose pid now belongs to another program, is stale:
    it is removed and reported as ``stale_pid``.

    Parameters
    ----------
    data_dir : pathlib.Path or str, optional
        As for :func:`start`.

    Returns
    -------
    dict
        ``running``, ``pid``, ``port``, ``uri``, ``data_dir``, ``log``; when running also the
        rest of the state and ``bolt_open`` (the port accepts a TCP connection now).
    """
    data_dir = _data_dir(data_dir)
    path = _state_path(data_dir)
    base: dict[str, Any] = {"running": False, "pid": None, "port": None, "uri": None,
                            "data_dir": str(data_dir), "log": str(data_dir / LOG_FILE)}
    if not path.exists():
        return base
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        pid = int(state["pid"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        path.unlink(missing_ok=True)
        return {**base, "stale_state": f"{path.name}: {exc}"}
    if not _is_our_server(pid, data_dir):
        path.unlink(missing_ok=True)
        return {**base, "stale_pid": pid}
    return {**base, **state, "running": True, "bolt_open": _port_open(int(state["port"]))}


# ---------------------------------------------------------------------------- helpers

def _data_dir(data_dir: Path | str | None) -> Path:
    return Path(data_dir).expanduser().resolve() if data_dir else default_data_dir()


def _state_path(data_dir: Path) -> Path:
    return data_dir / STATE_FILE


def _write_state(data_dir: Path, state: dict[str, Any]) -> None:
    path = _state_path(data_dir)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(state, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not java or not Path(java).exists():
        raise StoreError("Java が見つかりません — Java 17 is needed (Debian: apt-get install "
                         "openjdk-17-jre-headless)")
    return java


def _build_is_current() -> bool:
    if not (CLASS_FILE.exists() and CLASSPATH_FILE.exists()):
        return False
    built = min(CLASS_FILE.stat().st_mtime, CLASSPATH_FILE.stat().st_mtime)
    if built < max(POM.stat().st_mtime, SOURCE.stat().st_mtime):
        return False
    jars = [j for j in CLASSPATH_FILE.read_text().strip().split(os.pathsep) if j]
    return bool(jars) and all(Path(j).exists() for j in jars)


def _newer(target: Path, *sources: Path) -> bool:
    """True if ``target`` exists and is at least as new as every source."""
    return target.exists() and all(target.stat().st_mtime >= src.stat().st_mtime
                                   for src in sources)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _write_archive() -> None:
    """Warm-up start that dumps the class-data archive; failures are logged, not raised."""
    tmp = ARCHIVE.with_name(ARCHIVE.name + ".tmp")
    tmp.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="netmap-neo4j-warmup-") as home:
        cmd = java_command(Path(home), _free_port(), auth=False, heap="1g", pagecache="64m")
        cmd = [a for a in cmd if not a.startswith("-XX:SharedArchiveFile=")]
        cmd.insert(1, f"-XX:ArchiveClassesAtExit={tmp}")
        cmd.append("--once")
        with ARCHIVE_LOG.open("wb") as log:
            try:
                subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=log,
                               stderr=subprocess.STDOUT, timeout=600, check=False)
            except subprocess.TimeoutExpired:
                log.write(b"netmap: warm-up timed out; starting without a class-data archive\n")
    if tmp.exists() and tmp.stat().st_size > 0:
        tmp.replace(ARCHIVE)


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _tail(text: str, lines: int) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _wait_ready(proc: subprocess.Popen[bytes], log: Path, offset: int, port: int,
                timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with log.open("rb") as fh:
            fh.seek(offset)
            text = fh.read().decode("utf-8", errors="replace")
        if f"{READY} " in text and _port_open(port):
            return
        if FAILED in text or proc.poll() is not None:
            raise StoreError(f"Neo4j が起動しませんでした — Neo4j did not start (see {log}):\n"
                             f"{_tail(text, 20)}")
        if time.monotonic() > deadline:
            raise StoreError(f"Neo4j が {timeout:.0f} 秒以内に準備できませんでした — not ready "
                             f"within {timeout:.0f} s (see {log}):\n{_tail(text, 20)}")
        time.sleep(0.25)


def _alive(pid: int) -> bool:
    child = _CHILDREN.get(pid)
    if child is not None:  # our own child: poll() reaps it, so it never lingers as a zombie
        if child.poll() is None:
            return True
        _CHILDREN.pop(pid, None)
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie has exited; it only waits for its parent
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _is_our_server(pid: int, data_dir: Path) -> bool:
    """True if ``pid`` is alive and is our launcher for ``data_dir`` (not a reused pid)."""
    if not _alive(pid):
        return False
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return Path("/proc").is_dir() is False  # no /proc (not Linux): trust the pid
    return MAIN_CLASS.encode() in args and str(data_dir).encode() in args


def _terminate(pid: int, timeout: float) -> bool:
    """SIGTERM, wait, SIGKILL if needed; True if it had to be killed."""
    if not _alive(pid):
        return False
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return False
        time.sleep(0.2)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    while _alive(pid):
        time.sleep(0.1)
    return True

