"""The machine's own limit that thousands of connections meet first: open files.

The client makes room for its run; the server fits its in-flight cap.
"""

try:
    import resource
except ImportError:  # Windows: no such limit to raise
    resource = None  # type: ignore[assignment]

MARGIN = 64  # files the process needs besides its sockets


class TooManyFiles(Exception):
    pass


def room_for(connections: int) -> int:
    """Make room for this many sockets at once, raising the soft limit up to the hard one
    if it is too low; return how many fit."""
    if resource is None:
        return connections
    needed = connections + MARGIN
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if needed > soft:
        soft = needed if hard == resource.RLIM_INFINITY else hard
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return min(connections, soft - MARGIN)


def ensure_open_files(connections: int) -> str | None:
    """`room_for`, for a run that needs them all: a note to show when it raised the limit;
    TooManyFiles, with a message, when even the hard limit is too low."""
    if resource is None:
        return None
    before = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    fits = room_for(connections)
    if fits < connections:
        raise TooManyFiles(
            f"{connections} connections at once need about {connections + MARGIN} open files,"
            f" but this system allows {fits + MARGIN} (ulimit -Hn): use fewer requests, or "
            f"--mode bounded --concurrency {max(1, fits)}"
        )
    after = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if after == before:
        return None
    return f"raised the open-file limit from {before} to {after} for {connections} connections"
