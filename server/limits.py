"""The machine's own limit that thousands of connections meet first: open files.

Shared by the client (room for its run) and the server (its in-flight cap must fit).
"""

try:
    import resource
except ImportError:  # Windows: no such limit to raise
    resource = None  # type: ignore[assignment]

MARGIN = 64  # files the process needs besides its sockets


class TooManyFiles(Exception):
    pass


def room_for(connections: int) -> int:
    """Raise the soft limit toward `connections` sockets (up to the hard limit); return how
    many fit."""
    if resource is None:
        return connections
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = connections + MARGIN
    if needed > soft:
        soft = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return min(connections, soft - MARGIN)


def ensure_open_files(connections: int) -> str | None:
    """Make room for this many sockets at once, raising the soft limit up to the hard one.

    Returns a note to show when it raised the limit; raises TooManyFiles, with a
    message, when even the hard limit is too low.
    """
    if resource is None:
        return None
    needed = connections + MARGIN
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if needed <= soft:
        return None
    if hard != resource.RLIM_INFINITY and needed > hard:
        raise TooManyFiles(
            f"{connections} connections at once need about {needed} open files, but this "
            f"system allows {hard} (ulimit -Hn): use fewer requests, or --mode bounded "
            f"--concurrency {max(1, hard - MARGIN)}"
        )
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return f"raised the open-file limit from {soft} to {hard} for {connections} connections"
