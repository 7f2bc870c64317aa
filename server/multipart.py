"""A multipart/form-data body split into its parts as Werkzeug (httpbin's parser) splits
it: a boundary may follow any line break, `\\r\\n`, `\\n` or `\\r`, as curl and hand-made
bodies send them. aiohttp's reader wants `\\r\\n` and refuses the rest ("Reading after
EOF"). The body is already read (and bounded by --max-body) when it comes here."""

import base64
import binascii
import quopri
import re
from dataclasses import dataclass
from email.message import Message

from aiohttp.multipart import content_disposition_filename, parse_content_disposition
from multidict import CIMultiDict

LINE_BREAK = rb"(?:\r\n|\n|\r)"
BLANK_LINE = re.compile(rb"\r\n\r\n|\r\r|\n\n")
CONTINUATION = re.compile(LINE_BREAK + rb"[ \t]")
# Content-Transfer-Encoding: what aiohttp's reader decoded, and so does this
DECODERS = {
    "base64": base64.b64decode,
    "quoted-printable": quopri.decodestring,
    **{name: bytes for name in ("", "binary", "8bit", "7bit")},
}


@dataclass
class Part:
    name: str
    filename: str | None  # a file input, even an empty one, has one
    content_type: str  # the part's own, or application/octet-stream
    charset: str
    data: bytes


def parameter(header: str, name: str) -> str | None:
    message = Message()
    message["Content-Type"] = header
    value = message.get_param(name)
    return value if isinstance(value, str) else None


def parts_of(body: bytes, content_type: str) -> list[Part]:
    """Each named part of the body; ValueError (or LookupError, for a charset nobody
    knows) if it is not a form."""
    boundary = parameter(content_type, "boundary")
    if not boundary:
        raise ValueError("no boundary in the Content-Type")
    dashes = re.escape(b"--" + boundary.encode("latin-1"))
    first = re.compile(rb"(?:^|" + LINE_BREAK + rb")" + dashes + rb"(--)?[ \t]*" + LINE_BREAK)
    delimiter = re.compile(LINE_BREAK + dashes + rb"(?:(--)|[ \t]*" + LINE_BREAK + rb")")
    found = first.search(body)
    if found is None:
        raise ValueError("no boundary in the body")
    parts, at, closed = [], found.end(), found[1] is not None
    while not closed:
        found = delimiter.search(body, at)
        if found is None:
            raise ValueError("the body ends before its closing boundary")
        parts.append(part_of(body[at : found.start()]))
        at, closed = found.end(), found[1] is not None
    return parts


def part_of(raw: bytes) -> Part:
    if (starts := re.match(LINE_BREAK, raw)) is not None:  # no headers at all
        head, data = b"", raw[starts.end() :]
    elif (blank := BLANK_LINE.search(raw)) is not None:
        head, data = raw[: blank.start()], raw[blank.end() :]
    else:
        raise ValueError("a part whose headers do not end")
    headers: CIMultiDict[str] = CIMultiDict()
    for line in re.split(LINE_BREAK, CONTINUATION.sub(b" ", head)):
        name, colon, value = line.decode("latin-1").partition(":")
        if not colon:
            raise ValueError(f"a part's header without a colon: {line[:40]!r}")
        headers.add(name.strip(), value.strip())
    _, params = parse_content_disposition(headers.get("Content-Disposition"))
    name = content_disposition_filename(params, "name")
    if name is None:
        raise ValueError("a part without a name")
    kind = headers.get("Content-Type", "application/octet-stream")
    if kind.lower().startswith("multipart/"):
        raise ValueError("a part that is itself multipart")
    encoding = headers.get("Content-Transfer-Encoding", "").lower()
    if encoding not in DECODERS:
        raise ValueError(f"a Content-Transfer-Encoding nobody knows: {encoding!r}")
    try:
        data = DECODERS[encoding](data)
    except binascii.Error as exc:
        raise ValueError(f"a part that is not base64: {exc}") from None
    filename = content_disposition_filename(params, "filename")
    charset = parameter(kind, "charset") or "utf-8"
    "".encode(charset)  # LookupError now, for a charset nobody knows
    return Part(name, filename, kind, charset, data)
