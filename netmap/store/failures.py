"""Neo4j failures as one-line :class:`~netmap.errors.StoreError` messages that say what to do.

The driver's exceptions name the protocol, not the user's situation; each kind a user meets is
turned into a sentence here (Japanese first, English after), and nothing else is raised from
the store. The password never appears: messages are built from the URI, the database name and
the server's status code only.

Modes (issue #18): the server is gone (before or during a load), the database named by
``NEO4J_DATABASE`` does not exist, the URI is not Bolt (``http://``), the commit's outcome is
unknown (``IncompleteCommit``: checked, not guessed — see :meth:`Store.load`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from netmap.errors import StoreError

__all__ = ["BOLT_SCHEMES", "check_uri", "translate", "DB_NOT_FOUND"]

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
DB_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound"


def check_uri(uri: str) -> None:
    """Refuse a URI netmap cannot talk to, before the driver tries.

    >>> check_uri("bolt://127.0.0.1:7687")
    >>> check_uri("http://127.0.0.1:7474")
    Traceback (most recent call last):
    ...
    netmap.errors.StoreError: Neo4j の URI は bolt:// か neo4j:// で始めてください — 'http://127.0.0.1:7474' is not a Bolt URI (http:// is the Browser's port); use e.g. bolt://127.0.0.1:7687
    """
    scheme = urlsplit(uri).scheme.lower()
    if scheme not in BOLT_SCHEMES:
        raise StoreError(
            f"Neo4j の URI は bolt:// か neo4j:// で始めてください — '{uri}' is not a Bolt URI"
            f"{' (http:// is the Browser' + chr(39) + 's port)' if scheme.startswith('http') else ''}"
            "; use e.g. bolt://127.0.0.1:7687")


def translate(exc: BaseException, uri: str, database: str | None, what: str) -> StoreError:
    """The :class:`StoreError` for a driver exception met while doing ``what``.

    Parameters
    ----------
    exc : BaseException
        From the driver (or from packing a value it cannot send).
    uri, database : str
        Where (named in the message; never the password).
    what : str
        The action in the user's words, e.g. ``"国立市 の書き込み (loading 国立市)"``.
    """
    from neo4j.exceptions import (
        AuthError,
        DriverError,
        Neo4jError,
        ServiceUnavailable,
        SessionExpired,
    )

    if isinstance(exc, AuthError):
        return StoreError(f"Neo4j の認証に失敗しました — authentication failed at {uri}; check "
                          "NEO4J_USERNAME / NEO4J_PASSWORD")
    if isinstance(exc, (ServiceUnavailable, SessionExpired, ConnectionError)):
        return StoreError(f"Neo4j ({uri}) に接続できません — the server is gone or not started "
                          f"while {what}; nothing was written. Start it (`netmap db start`) "
                          "and run the command again")
    if isinstance(exc, Neo4jError) and exc.code == DB_NOT_FOUND:
        return StoreError(f"Neo4j にデータベース '{database}' がありません — unknown database "
                          f"'{database}' at {uri} (NEO4J_DATABASE / --database); Neo4j "
                          "Community has only 'neo4j': unset NEO4J_DATABASE")
    if isinstance(exc, Neo4jError):
        return StoreError(f"{what} に失敗し、何も書き込んでいません — failed, nothing written: "
                          f"{exc.code}: {exc.message}")
    if isinstance(exc, (OverflowError, ValueError, TypeError)):
        return StoreError(f"{what}: Neo4j に保存できない値があります — a value Neo4j cannot "
                          f"store (integers must fit in 64 bits): {exc}; nothing was written")
    if isinstance(exc, DriverError):
        return StoreError(f"{what}: Neo4j ドライバーのエラー — driver error at {uri}: "
                          f"{type(exc).__name__}: {exc}")
    return StoreError(f"{what}: {type(exc).__name__}: {exc}")
