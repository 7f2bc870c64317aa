"""Cookies to set, read back and delete: /cookies, /cookies/set, /cookies/delete. Each
setting route redirects to /cookies, so a client that follows it sees what it kept."""

from aiohttp import web

from server.httpbin.answers import jsonify, redirect, set_cookie

# what httpbin.org's analytics set: left out of /cookies unless ?show_env
ENV_COOKIES = frozenset(
    "_gauges_unique _gauges_unique_year _gauges_unique_month _gauges_unique_day "
    "_gauges_unique_hour __utmz __utma __utmb".split()
)


async def cookies(request: web.Request) -> web.StreamResponse:
    sent = dict(request.cookies)
    if "show_env" not in request.query:
        sent = {name: value for name, value in sent.items() if name not in ENV_COOKIES}
    return jsonify({"cookies": sent})


async def set_one(request: web.Request) -> web.StreamResponse:
    """/cookies/set/{name}/{value}"""
    answer = redirect("/cookies")
    set_cookie(answer, request.match_info["name"], request.match_info["value"])
    return answer


async def set_many(request: web.Request) -> web.StreamResponse:
    """/cookies/set?name=value&...: each name once, with its first value."""
    answer = redirect("/cookies")
    for name in dict.fromkeys(request.query):
        set_cookie(answer, name, request.query.getone(name))
    return answer


async def delete(request: web.Request) -> web.StreamResponse:
    """/cookies/delete?name&...: each one expired."""
    answer = redirect("/cookies")
    for name in dict.fromkeys(request.query):
        set_cookie(answer, name, "", delete=True)
    return answer
