"""The baseline: a bare aiohttp hello-world server (python benchmarks/hello.py PORT)."""

import sys

from aiohttp import web


async def hello(request: web.Request) -> web.Response:
    return web.Response(text="hello")


app = web.Application()
app.add_routes([web.route("*", "/echo", hello)])
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)
