"""The whole API on one screen."""

from aiohttp import web

from server import dashboard, streams, views
from server.hardening import expect_check
from server.httpbin import auth, caching, cookies, described, dynamic, formats, statuses


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
            # httpbin's, answering as it does (server/httpbin/)
            web.get("/get", described.get),
            web.post("/post", described.with_body),
            web.put("/put", described.with_body),
            web.patch("/patch", described.with_body),
            web.delete("/delete", described.with_body),
            web.route("*", "/anything", described.anything),
            web.route("*", r"/anything/{path:[\s\S]*}", described.anything),
            web.get("/headers", described.request_headers),
            web.get("/ip", described.ip),
            web.get("/user-agent", described.user_agent),
            web.get("/uuid", described.new_uuid),
            web.route("*", "/status/{codes}", statuses.status),
            web.get("/redirect/{n}", statuses.redirect_n),
            web.get("/relative-redirect/{n}", statuses.relative_redirect),
            web.get("/absolute-redirect/{n}", statuses.absolute_redirect),
            web.route("*", "/redirect-to", statuses.redirect_to),
            web.get("/basic-auth/{user}/{passwd}", auth.basic_auth),
            web.get("/hidden-basic-auth/{user}/{passwd}", auth.hidden_basic_auth),
            web.get("/bearer", auth.bearer),
            web.get("/digest-auth/{qop}/{user}/{passwd}", auth.digest_auth),
            web.get("/digest-auth/{qop}/{user}/{passwd}/{algorithm}", auth.digest_auth),
            web.get(
                "/digest-auth/{qop}/{user}/{passwd}/{algorithm}/{stale_after}", auth.digest_auth
            ),
            web.get("/cookies", cookies.cookies),
            web.get("/cookies/set", cookies.set_many),
            web.get("/cookies/set/{name}/{value}", cookies.set_one),
            web.get("/cookies/delete", cookies.delete),
            web.get("/cache", caching.cache),
            web.get("/cache/{n:[0-9]+}", caching.cache_for),
            web.get("/etag/{etag}", caching.etag),
            web.get("/response-headers", caching.response_headers),
            web.post("/response-headers", caching.response_headers),
            web.get("/base64/{value}", dynamic.decode_base64),
            web.get("/range/{n:[0-9]+}", dynamic.byte_range),
            web.get("/links/{n:[0-9]+}", dynamic.links),
            web.get("/links/{n:[0-9]+}/{offset:[0-9]+}", dynamic.link_page),
            web.get("/json", formats.json_document),
            web.get("/html", formats.html_page),
            web.get("/xml", formats.xml_document),
            web.get("/encoding/utf8", formats.utf8_page),
            web.get("/forms/post", formats.form_page),
            web.get("/robots.txt", formats.robots_txt),
            web.get("/deny", formats.deny),
            web.get("/image", formats.image),
            web.get("/image/{kind:png|jpeg|webp|svg}", formats.image_of_kind),
            web.get("/static/favicon.ico", formats.favicon),
            web.get("/gzip", formats.gzipped),
            web.get("/deflate", formats.deflated),
            web.get("/brotli", formats.brotli),
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
