"""Serve the fixture project with the real PyFlue 0.2.0 server on a free loopback port.

Usage: python launcher.py [--port N] [--project DIR] [--exit-with-parent]

Copies the fixture project into a fresh temporary folder (sessions and sandboxes
are written under the project root, so every start begins clean and nothing is
written into the repository), registers the deterministic "echo" harness, binds
127.0.0.1 (port 0 picks a free one), and prints `PYFLUE_READY <port>` once the
server accepts connections. SIGTERM or SIGINT stops it and removes the copy.

A port already in use is an error on stderr and exit code 2 (the socket is bound
here, before uvicorn starts, so the failure cannot leave a half-started server).
With --exit-with-parent the server also stops when its standard input reaches end
of file: the parent holds the other end of that pipe, so the server goes with it
however the parent ends (a crash, SIGKILL, EPIPE on its own stdout).
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
from pathlib import Path

import uvicorn

from pyflue import register_harness
from pyflue.harnesses import HarnessBackend
from pyflue.server import create_app
from pyflue.types import HarnessResult, PromptCost, PromptModel, PromptUsage, PyFlueEvent

PREAMBLE = "You are running inside PyFlue, a headless Python agent harness."


# A message that asks for JSON ("Reply as JSON: city=Lisbon, population=545923").
ASKS_FOR_JSON = re.compile(r"\bJSON\b", re.IGNORECASE)
# The name=value pairs such a message carries; a value ends at whitespace, a comma or a semicolon.
PAIR = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=([^\s,;]+)")


def json_value(raw: str) -> object:
    """`545923` -> 545923, `1.5` -> 1.5, `true` -> True, anything else stays a string."""
    value = raw.rstrip(".") if re.fullmatch(r"-?\d+(?:\.\d+)?\.", raw) else raw
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if re.fullmatch(r"-?\d+\.\d+", value):
        return float(value)
    if value in ("true", "false"):
        return value == "true"
    return value


class EchoHarness(HarnessBackend):
    """Replies `echo[<session>]#<turn>: <message>`.

    The session id (`<instance>:<session>` for persistent agents) and the turn number,
    counted from the conversation history the server persisted, let tests tell
    instances and sessions apart and prove continuity.

    A message that asks for JSON (it contains the word "JSON") gets a JSON object
    instead, as a model asked for structured output would answer: the message's
    `name=value` pairs, after `echo`, `session` and `turn` (a pair of the same name wins).
    """

    name = "echo"

    async def run(self, *, prompt: str, session_id: str, **_: object) -> HarnessResult:
        history, _, latest = prompt.rpartition("\n\nNext:\n")
        message = latest.split(PREAMBLE, 1)[-1].strip()
        turn = len(re.findall(r"(?:^|\n)user: ", history)) if history else 1
        if ASKS_FOR_JSON.search(message):
            answer = {"echo": message, "session": session_id, "turn": turn}
            answer.update((name, json_value(raw)) for name, raw in PAIR.findall(message))
            text = json.dumps(answer)
        else:
            text = f"echo[{session_id}]#{turn}: {message}"
        words = len(message.split())
        return HarnessResult(
            text=text,
            raw={"echo": message},
            metadata={"harness": "echo", "turn": turn},
            usage=PromptUsage(
                input=words,
                output=len(text.split()),
                total_tokens=words + len(text.split()),
                cost=PromptCost(input=0.0, output=0.0, total=0.0),
            ),
            model=PromptModel(id="echo/deterministic"),
        )


    async def stream(self, *, prompt: str, system_prompt: str = "", session_id: str, tools=None, **kw: object):
        """The base class's one delta, unless the agent's instructions carry `[fixture:narrate]`
        (agents/narrator.py): then a pause, the tool calls the message names (`tool_start`,
        the tool's own run, `tool_end`), and the reply word by word, `delay_ms` apart."""
        if NARRATE not in (system_prompt or ""):
            async for event in super().stream(prompt=prompt, system_prompt=system_prompt, session_id=session_id, tools=tools, **kw):
                yield event
            return
        result = await self.run(prompt=prompt, session_id=session_id)
        message = prompt.rpartition("\n\nNext:\n")[2].split(PREAMBLE, 1)[-1].strip()
        pairs = {name: json_value(raw) for name, raw in PAIR.findall(message)}
        delay = min(max(float(pairs.pop("delay_ms", 150)), 0.0), 2000.0) / 1000.0
        await asyncio.sleep(delay)
        for number, tool in enumerate(tool for tool in tools or [] if re.search(rf"\b{re.escape(getattr(tool, '__name__', '?'))}\b", message)):
            name = tool.__name__
            args = dict(pairs)
            call_id = f"call_{number + 1}"
            yield PyFlueEvent("tool_start", {"toolName": name, "toolCallId": call_id, "args": args})
            await asyncio.sleep(delay)
            output = tool(**args)
            if inspect.isawaitable(output):
                output = await output
            yield PyFlueEvent("tool_end", {"toolName": name, "toolCallId": call_id, "isError": False, "result": output})
        for word in re.findall(r"\S+\s*", result.text):
            yield PyFlueEvent("delta", {"text": word})
            await asyncio.sleep(delay)
        yield PyFlueEvent("end", {"text": result.text, "metadata": result.metadata})


# The marker in an agent's instructions that asks the echo harness to narrate (agents/narrator.py).
NARRATE = "[fixture:narrate]"


class PortInUse(Exception):
    """The port asked for is taken (by another server, or a test that holds it)."""


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1:port (0: a free port), bound before uvicorn starts."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # As uvicorn does for its own sockets: a restart may reuse a port in TIME_WAIT.
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(("127.0.0.1", port))
    except OSError as error:
        listener.close()
        raise PortInUse(f"127.0.0.1:{port} is not available ({error.strerror}).") from error
    listener.listen(2048)
    return listener


def stop_when_parent_goes(loop: asyncio.AbstractEventLoop, stop) -> None:
    """Calls stop() on the loop once stdin reaches end of file (the parent closed it or died)."""

    def watch() -> None:
        while sys.stdin.buffer.read(4096):
            pass
        loop.call_soon_threadsafe(stop)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


async def serve(listener: socket.socket, project: Path, exit_with_parent: bool) -> None:
    register_harness("echo", EchoHarness)
    app = create_app(project / "pyflue.toml")
    config = uvicorn.Config(app, log_level="warning", ws="websockets-sansio", lifespan="off")
    server = uvicorn.Server(config)
    loop = asyncio.get_running_loop()
    stop = lambda: setattr(server, "should_exit", True)  # noqa: E731
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop)
    if exit_with_parent:
        stop_when_parent_goes(loop, stop)
    port = listener.getsockname()[1]
    serving = asyncio.create_task(server.serve(sockets=[listener]))
    while not server.started:
        if serving.done():
            serving.result()
            raise SystemExit("uvicorn stopped before it started")
        await asyncio.sleep(0.02)
    print(f"PYFLUE_READY {port}", flush=True)
    await serving


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--project", type=Path, default=Path(__file__).parent / "fixture")
    parser.add_argument("--exit-with-parent", action="store_true", help="stop at end of file on stdin")
    args = parser.parse_args()
    try:
        listener = bind(args.port)
    except PortInUse as error:
        print(f"PyFlue fixture server: {error} Stop what uses it or pick another --port.", file=sys.stderr, flush=True)
        sys.exit(2)
    workdir = Path(tempfile.mkdtemp(prefix="pyflue-fixture-"))
    project = workdir / "project"
    shutil.copytree(args.project, project, ignore=shutil.ignore_patterns("__pycache__", ".pyflue"))
    try:
        asyncio.run(serve(listener, project, args.exit_with_parent))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
