"""httpbin's endpoints, answering as httpbin 0.10.4 does, one topic a module:

- described.py   the request described back: /get, /post, /anything, /headers, /ip...
- statuses.py    chosen statuses and redirects: /status, /redirect*, /redirect-to
- auth.py        /basic-auth, /hidden-basic-auth, /bearer, /digest-auth
- cookies.py     /cookies, /cookies/set, /cookies/delete
- caching.py     /cache, /etag, /response-headers: the headers a cache acts on
- dynamic.py     /base64, /range, /links
- seeded.py      the bytes of /bytes and /stream-bytes for a ?seed=, httpbin's own
- formats.py     documents and images: /html, /xml, /image..., /gzip, /deflate, /brotli
- answers.py     the shapes of httpbin's answers: its JSON, Flask's redirect page

The documents and images in assets/ are the project's own, not copies of httpbin's.
"""
