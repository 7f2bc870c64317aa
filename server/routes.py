"""The whole API on one screen."""

from aiohttp import web

from server import dashboard, httpbin, streams, views
from server.hardening import expect_check


def setup_routes(app: web.Application) -> None:
    # every route answers an Expect header it does not know with a JSON 417
    app.add_routes(
        web.RouteDef(
            route.method,
            route.path,
            route.handler,
            {"expect_handler": expect_check, **route.kwargs},
        )
        for route in [
            # the demo's own: slow on purpose, counted in flight (server/middlewares.py)
            web.route("*", "/delay/{duration}", views.delay, name="delay"),
            web.route("*", "/echo", views.echo, name="echo"),
            web.get("/bytes/{n}", views.random_bytes, name="bytes"),
            # httpbin's, answering as it does
            web.get("/get", httpbin.get),
            web.post("/post", httpbin.with_body),
            web.put("/put", httpbin.with_body),
            web.patch("/patch", httpbin.with_body),
            web.delete("/delete", httpbin.with_body),
            web.route("*", "/anything", httpbin.anything),
            web.route("*", r"/anything/{path:[\s\S]*}", httpbin.anything),
            web.route("*", "/status/{codes}", httpbin.status),
            web.get("/headers", httpbin.request_headers),
            web.get("/ip", httpbin.ip),
            web.get("/user-agent", httpbin.user_agent),
            web.get("/uuid", httpbin.new_uuid),
            web.get("/json", httpbin.json_document),
            web.get("/gzip", httpbin.gzipped),
            web.get("/redirect/{n}", httpbin.redirect),
            web.get("/relative-redirect/{n}", httpbin.relative_redirect),
            web.get("/absolute-redirect/{n}", httpbin.absolute_redirect),
            # answers that arrive in pieces
            web.get("/stream/{n}", streams.stream),
            web.get("/stream-bytes/{n}", streams.stream_bytes),
            web.get("/drip", streams.drip),
            web.get("/sse", streams.sse),
            web.get("/websocket/echo", streams.websocket_echo, allow_head=False),
            # watching the server: not counted in flight
            web.get("/", dashboard.page, name="dashboard"),
            web.get("/feed", dashboard.feed, name="feed", allow_head=False),
            web.get("/health", views.health, name="health"),
            web.get("/stats", views.stats, name="stats"),
        ]
    )
