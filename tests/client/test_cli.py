"""`demo-client` through CliRunner, and Ctrl-C on a real process."""

import json
import re
import signal

import pytest
from click.testing import CliRunner, Result
from yarl import URL

from client.cli import main
from client.modes import MODES
from tests.client.conftest import MODE_KEYS, REQUEST_KEYS, STARTED, assert_quiet, started_server
from tests.conftest import CLIENT, listening, stats, until_in_flight

OPTIONS = [
    "--mode",
    "-n, --requests",
    "--delay",
    "--seed",
    "--server",
    "--url",
    "--urls-file",
    "--concurrency",
    "--timeout",
    "--json",
    "--no-color",
    "--no-timeline",
    "--report",
    "--step",
    "--loop",
]


def invoke(*args: str, **kwargs) -> Result:
    # the command owns its process: leaving, it ignores Ctrl-C (client/interrupt.py);
    # here that process is pytest's, whose children would inherit it
    ctrl_c = signal.getsignal(signal.SIGINT)
    try:
        return CliRunner().invoke(main, list(args), **kwargs)
    finally:
        signal.signal(signal.SIGINT, ctrl_c)


def run_json(*args: str) -> dict:
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # stdout holds the JSON and nothing else


def one_line_error(result: Result, code: int) -> str:
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("demo-client: ")
    assert "Traceback" not in result.output
    return line


def test_help_lists_every_option_and_mode() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for option in OPTIONS:
        assert option in result.stdout
    for mode in [*MODES, "compare"]:
        assert mode in result.stdout
    assert "DEMO_SERVER_URL" in result.stdout


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--bogus"], "--bogus"),
        (["--mode", "nope"], "nope"),
        (["--mode", "gather,nope"], "--mode: 'nope' is not a mode"),
        (["-n", "0"], "-n"),
        (["--delay", "abc"], "abc"),
        (["--delay", "2-1"], "2-1"),
        (["--timeout", "0"], "--timeout"),
        (["--server", "not-a-url"], "not-a-url"),
        (["--server", "ftp://127.0.0.1/"], "ftp://"),
        (["--server", "http://127.0.0.1:1", "--url", "http://127.0.0.1:1/"], "each URL once"),
        (["-n", "3", "--url", "http://127.0.0.1:1/"], "each URL once"),
        (["--server", "http://127.0.0.1:99999"], "99999"),
        (["--server", "http://[::1"], "--server"),
        (["--url", "  ", "--url", "# nothing"], "no URLs"),
        (["--urls-file", "/nonexistent/urls.txt"], "--urls-file"),
        (["--delay", "11"], "the built-in server allows at most 10 s"),
    ],
)
def test_usage_errors_exit_2_in_one_line(args: list[str], named: str) -> None:
    assert named in one_line_error(invoke(*args), 2)


def test_unreachable_server_exits_1_in_one_line() -> None:
    line = one_line_error(invoke("--server", "http://127.0.0.1:1", "-n", "1"), 1)
    assert "cannot reach" in line
    assert "127.0.0.1:1" in line


def test_json_with_an_embedded_server() -> None:
    data = run_json("--mode", "gather", "-n", "5", "--delay", "0.2")
    assert data["embedded_server"] is True
    assert data["requests"] == 5
    assert data["interrupted"] is False
    [gather] = data["modes"]
    assert set(gather) == MODE_KEYS
    assert gather["mode"] == "gather"
    assert (gather["ok"], gather["failed"], gather["cancelled"]) == (5, 0, 0)
    assert gather["server_peak"] == 5
    assert gather["interrupted"] is False
    assert gather["ideal_s"] == pytest.approx(0.2)
    assert [r["index"] for r in gather["requests"]] == list(range(5))
    for request in gather["requests"]:
        assert set(request) == REQUEST_KEYS
        assert request["url"] == f"{data['server']}/delay/0.2"
        assert request["status"] == 200
        assert request["error"] is None
        assert 0 <= request["start_s"] <= request["end_s"] <= gather["wall_s"]


def test_modes_given_with_commas_or_repeated_run_once_each_in_order() -> None:
    data = run_json("--mode", "threads,gather", "--mode", "gather", "-n", "2", "--delay", "0")
    assert [mode["mode"] for mode in data["modes"]] == ["threads", "gather"]


def test_default_run_compares_sequential_and_gather() -> None:
    result = invoke("-n", "4", "--delay", "0.1", "--no-color")
    assert result.exit_code == 0, result.output
    assert STARTED.fullmatch(result.stderr)
    assert re.search(r"^sequential .* 4 +0 +1$", result.stdout, re.M), result.stdout
    assert re.search(r"^gather .* 4 +0 +4$", result.stdout, re.M), result.stdout
    # the timeline: sequential in one lane, gather in four, and the axis
    assert re.search(r"^sequential +[█▓]+ +1 at a time$", result.stdout, re.M), result.stdout
    assert re.search(r"^gather +█+ +4 at once\n( {13}█+\n){3}", result.stdout, re.M)
    assert re.search(r"^ {13}└[─┴]+┘$", result.stdout, re.M)
    assert result.stdout.endswith(" faster\n")
    assert re.search(r"^gather: the same 4 requests in .* faster$", result.stdout, re.M)

    data = run_json("-n", "4", "--delay", "0.1")
    assert [m["mode"] for m in data["modes"]] == ["sequential", "gather"]
    assert [m["server_peak"] for m in data["modes"]] == [1, 4]
    assert data["speedup_baseline"] == "sequential"
    assert data["modes"][1]["speedup"] > 1.5  # loose: 4 at once against one by one


def test_no_timeline() -> None:
    result = invoke("--mode", "gather", "-n", "2", "--delay", "0", "--no-timeline")
    assert result.exit_code == 0, result.output
    assert "gather" in result.stdout
    assert "└" not in result.stdout and "█" not in result.stdout


def test_modes_run_in_the_order_given() -> None:
    data = run_json("--mode", "threads", "--mode", "gather", "-n", "3", "--delay", "0.1")
    assert [m["mode"] for m in data["modes"]] == ["threads", "gather"]
    assert [m["server_peak"] for m in data["modes"]] == [3, 3]
    data = run_json("--mode", "compare", "--mode", "gather", "-n", "2", "--delay", "0")
    assert [m["mode"] for m in data["modes"]] == ["sequential", "gather"]


def test_named_server(embedded_url: URL) -> None:
    data = run_json(
        "--server",
        str(embedded_url),
        "--mode",
        "bounded",
        "--concurrency",
        "2",
        "-n",
        "4",
        "--delay",
        "0.1",
    )
    assert data["embedded_server"] is False
    assert data["server"] == str(embedded_url)
    [bounded] = data["modes"]
    assert bounded["ok"] == 4
    assert bounded["server_peak"] == 2


def test_delay_above_a_named_servers_maximum_is_refused_before_the_run(
    embedded_url: URL,
) -> None:
    served = stats(str(embedded_url))["total"]
    result = invoke("--server", str(embedded_url), "--mode", "gather", "-n", "2", "--delay", "11")
    line = one_line_error(result, 2)
    assert line.endswith(
        f"--delay 11: the server at {embedded_url} allows at most 10 s (see --help)"
    )
    assert stats(str(embedded_url))["total"] == served  # not one request sent


def test_urls_good_and_bad(embedded_url: URL) -> None:
    good = str(embedded_url / "delay" / "0.1")
    result = invoke("--url", good, "--url", "http://[not a url", "--mode", "gather", "--no-color")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert re.search(r"^gather .* 1 +1 +1$", result.stdout, re.M), result.stdout
    [named] = [line for line in result.stdout.splitlines() if "#2 " in line and "gather" in line]
    assert "http://[not a url" in named


def test_urls_file_from_stdin(embedded_url: URL) -> None:
    urls = f"# two of them\n{embedded_url / 'delay' / '0'}\n\n{embedded_url / 'health'}\n"
    result = invoke("--urls-file", "-", "--mode", "gather", "--json", input=urls)
    assert result.exit_code == 0, result.output
    [gather] = json.loads(result.stdout)["modes"]
    assert [r["status"] for r in gather["requests"]] == [200, 200]
    assert [r["server_in_flight"] is None for r in gather["requests"]] == [False, True]


def test_ctrl_c_shows_partial_results(spawn) -> None:
    client = spawn([*CLIENT, "--mode", "gather", "-n", "5", "--delay", "3"])
    server = started_server(client)
    # Ctrl-C must land while the requests are in flight, and nothing in the client says
    # when they are: its server does
    until_in_flight(server, 5, while_running=client, timeout=10)

    client.ctrl_c()

    assert client.wait() == 130
    out, err = client.seen("stdout"), client.seen("stderr")
    assert "gather (interrupted)" in out
    assert re.search(r"^mode +wall", out, re.M)
    assert "interrupted (Ctrl-C): partial results; 5 requests in flight cancelled" in out
    assert_quiet(out, err)
    # and it stopped the server it had started
    assert not listening(URL(server).port)


def test_step_waits_for_enter_before_each_mode(spawn, embedded_url: URL) -> None:
    # a real process on a pipe: CliRunner's stdin is at EOF once read, so it never waits
    url = str(embedded_url)
    served = stats(url)["total"]
    client = spawn(
        [*CLIENT, "--server", url, "-n", "2", "--delay", "0.05", "--step", "--no-timeline"],
        stdin=True,
    )
    client.read_until("stderr", "next: sequential (Enter to run it) ")
    assert stats(url)["total"] == served  # nothing sent yet
    client.type("\n")
    client.read_until("stderr", "next: gather (Enter to run it) ")
    assert stats(url)["total"] == served + 2  # sequential's two, and none of gather's
    client.type("\n")
    assert client.wait() == 0, client.seen("stderr")
    assert stats(url)["total"] == served + 4
    stderr = client.seen("stderr")
    assert stderr.count("(Enter to run it)") == 2
    assert stderr.index("next: sequential") < stderr.index("next: gather")


def test_report_file_is_written(tmp_path) -> None:
    report = tmp_path / "run.html"
    result = invoke("-n", "3", "--delay", "0.05", "--mode", "gather", "--report", str(report))
    assert result.exit_code == 0, result.output
    page = report.read_text()
    assert page.count("<rect class='request ok'") == 3
    assert "<script" not in page and "http-equiv" not in page
