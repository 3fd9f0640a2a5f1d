"""The PyFlue Python client's side of the benchmarks; times itself with time.perf_counter.

One-shot: python bench/python_client.py <baseUrl> <runId> [reps]
    pages through the run's events (limit 1000, following next_after) and reads its
    stream fully with pyflue.PyFlueClient, 1 warm-up then `reps` (5) timed repetitions,
    and prints {"samples_ms": [...], "events": n, "streamed": m} as JSON.

Serve: python bench/python_client.py <baseUrl> --serve
    reads one JSON command per stdin line and answers one JSON line on stdout, so the
    Node side can take turns with it (the process and its connections stay warm):
      {"cmd": "events", "runId": "..."}                          -> {"ms", "events", "streamed"}
      {"cmd": "socket_open", "agent": "assistant", "id": "..."}  -> {"ok": true}
      {"cmd": "socket_block", "from": 0, "count": 400}           -> {"ms", "last"}
      {"cmd": "quit"}
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time

from pyflue import PyFlueClient


async def page_and_stream(client: PyFlueClient, run_id: str) -> dict:
    start = time.perf_counter()
    events = 0
    after = 0
    while True:
        page = await client.runs.events(run_id, after=after, limit=1000)
        batch = page["events"]
        events += len(batch)
        if len(batch) < 1000:
            break
        after = page["next_after"]
    streamed = 0
    async for _event in client.runs.stream(run_id):
        streamed += 1
    return {"ms": (time.perf_counter() - start) * 1000, "events": events, "streamed": streamed}


async def one_shot(base_url: str, run_id: str, reps: int) -> None:
    async with PyFlueClient(base_url) as client:
        await page_and_stream(client, run_id)
        results = [await page_and_stream(client, run_id) for _ in range(reps)]
    print(
        json.dumps(
            {
                "samples_ms": [round(r["ms"], 3) for r in results],
                "events": results[-1]["events"],
                "streamed": results[-1]["streamed"],
            }
        )
    )


async def serve(base_url: str) -> None:
    loop = asyncio.get_running_loop()
    async with contextlib.AsyncExitStack() as stack:
        client = await stack.enter_async_context(PyFlueClient(base_url))
        connection = None
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                break
            command = json.loads(line)
            cmd = command["cmd"]
            if cmd == "quit":
                break
            if cmd == "events":
                answer = await page_and_stream(client, command["runId"])
            elif cmd == "socket_open":
                connection = await stack.enter_async_context(
                    client.agents.connect(command["agent"], command["id"])
                )
                answer = {"ok": True}
            elif cmd == "socket_block":
                assert connection is not None, "socket_open first"
                first = command["from"]
                last = None
                start = time.perf_counter()
                for index in range(first, first + command["count"]):
                    last = await connection.prompt("hello", session=f"s{index}")
                answer = {"ms": (time.perf_counter() - start) * 1000, "last": last}
            else:
                answer = {"error": f"unknown command {cmd!r}"}
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()


def main() -> None:
    args = sys.argv[1:]
    if len(args) >= 2 and args[1] == "--serve":
        asyncio.run(serve(args[0]))
    elif len(args) >= 2:
        asyncio.run(one_shot(args[0], args[1], int(args[2]) if len(args) > 2 else 5))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
