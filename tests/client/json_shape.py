"""The documented shape of `demo-client --json`, shared by the tests that check it."""

MODE_KEYS = {
    "mode",
    "wall_s",
    "ideal_s",
    "speedup",
    "ok",
    "failed",
    "cancelled",
    "server_peak",
    "interrupted",
    "requests",
}
REQUEST_KEYS = {
    "index",
    "url",
    "delay_s",
    "start_s",
    "end_s",
    "status",
    "error",
    "server_in_flight",
}
