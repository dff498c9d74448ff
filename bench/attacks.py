#!/usr/bin/env python3
"""Replays the attacks of issue 7 against a running server and prints what stopped them.

    bench/attacks.py BASE_URL SERVER_PID [admin|login|trickle ...]

admin:   32 concurrent wrong admin passwords for 15 s (item 3): statuses, server RSS, and
         /health latency meanwhile.
login:   wrong SMS codes from one IP as fast as possible for 10 s (item 4): statuses.
trickle: 4,000 uploads sending 10 bytes a second (item 6): how many the server still holds
         after 15 s and 30 s, RSS, and /health latency meanwhile.
Standard library only, so it runs wherever the server does.
"""

import asyncio
import collections
import json
import statistics
import sys
import time
from urllib.parse import urlparse

BASE = urlparse(sys.argv[1])
HOST, PORT = BASE.hostname, BASE.port
PID = int(sys.argv[2])


def rss_mb():
    with open(f"/proc/{PID}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return -1


def open_fds():
    import os

    return len(os.listdir(f"/proc/{PID}/fd"))


async def request(method, path, body=None, timeout=10.0):
    """One request on its own connection; returns (status, seconds) or (None, seconds)."""
    started = time.monotonic()
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, PORT), timeout)
        payload = json.dumps(body).encode() if body is not None else b""
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
        )
        writer.write(head.encode() + payload)
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), timeout)
        writer.close()
        return int(line.split()[1]), time.monotonic() - started
    except (OSError, asyncio.TimeoutError, IndexError, ValueError):
        return None, time.monotonic() - started


async def health_probe(stop, samples):
    while not stop.is_set():
        _, took = await request("GET", "/health", timeout=5.0)
        samples.append(took * 1000)
        await asyncio.sleep(0.2)


def describe_latency(samples):
    if not samples:
        return "no samples"
    samples = sorted(samples)
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return f"p50 {statistics.median(samples):.1f} ms, max {samples[-1]:.1f} ms, p99 {p99:.1f} ms"


async def hammer(seconds, concurrency, make_request):
    statuses = collections.Counter()
    deadline = time.monotonic() + seconds

    async def worker(i):
        n = 0
        while time.monotonic() < deadline:
            status, _ = await make_request(i, n)
            statuses[status] += 1
            n += 1

    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    return statuses


async def admin_attack():
    print("== item 3: 32 concurrent wrong admin passwords for 15 s")
    before = rss_mb()
    stop, health = asyncio.Event(), []
    probe = asyncio.create_task(health_probe(stop, health))
    peak = [before]

    async def watch():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_mb())
            await asyncio.sleep(0.1)

    watcher = asyncio.create_task(watch())
    statuses = await hammer(
        15,
        32,
        lambda i, n: request(
            "POST", "/mis/v1_0/authorizations", {"username": f"root{i}", "password": f"guess{n}"}
        ),
    )
    stop.set()
    await probe
    await watcher
    await asyncio.sleep(2)
    print(f"statuses: {dict(statuses)}")
    print(f"RSS: {before} MB before, peak {peak[0]} MB, {rss_mb()} MB 2 s after")
    print(f"/health meanwhile: {describe_latency(health)}")
    hashed = statuses.get(401, 0) + statuses.get(200, 0)
    print(f"hashes computed: {hashed} ({hashed / 15:.0f}/s)")
    if statuses.get(429):
        print("stopped by: the per-account and per-IP lockouts (429) after a few failures")
    else:
        print("stopped by: hashing bounded to one slot per core (no lockout configured)")


async def login_attack():
    print("== item 4: wrong login codes from one IP for 10 s")
    started = time.monotonic()
    statuses = await hammer(
        10,
        32,
        lambda i, n: request(
            "POST", "/v1_0/authorizations", {"mobile": f"1390000{i:04d}", "code": f"{n % 1000000:06d}"}
        ),
    )
    took = time.monotonic() - started
    total = sum(statuses.values())
    wrong = statuses.get(400, 0)
    print(f"statuses: {dict(statuses)} ({total / took:.0f} req/s)")
    print(f"codes actually tried: {wrong} in {took:.0f} s (the rest were refused with 429 before any check)")
    print("stopped by: the per-IP and per-mobile failure windows (429 Too many requests.)")


async def trickle_attack(count=4000):
    print(f"== item 6: {count} uploads trickling 10 bytes a second")
    before, fds_before = rss_mb(), open_fds()
    stop, health = asyncio.Event(), []
    probe = asyncio.create_task(health_probe(stop, health))
    alive = [0]
    answers = collections.Counter()

    async def slow_upload():
        try:
            reader, writer = await asyncio.open_connection(HOST, PORT)
        except OSError:
            answers["connect failed"] += 1
            return
        alive[0] += 1
        try:
            writer.write(
                b"POST /v1_0/authorizations HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
            )
            while True:
                writer.write(b"          ")
                await writer.drain()
                try:
                    line = await asyncio.wait_for(reader.readline(), 1.0)
                except asyncio.TimeoutError:
                    continue
                answers[line.split()[1].decode() if line else "closed"] += 1
                return
        except (OSError, IndexError):
            answers["reset"] += 1
        finally:
            alive[0] -= 1
            writer.close()

    tasks = [asyncio.create_task(slow_upload()) for _ in range(count)]
    await asyncio.sleep(15)
    held15, rss15, fds15 = alive[0], rss_mb(), open_fds()
    await asyncio.sleep(15)
    held30, rss30 = alive[0], rss_mb()
    stop.set()
    await probe
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print(f"still held by the server: {held15} after 15 s, {held30} after 30 s")
    print(f"answers: {dict(answers)}")
    print(f"RSS: {before} MB before, {rss15} MB at 15 s, {rss30} MB at 30 s; fds {fds_before} -> {fds15}")
    print(f"/health meanwhile: {describe_latency(health)}")
    print("stopped by: the body read deadline (408, connection closed) and the connection cap")


async def main():
    chosen = sys.argv[3:] or ["admin", "login", "trickle"]
    attacks = {"admin": admin_attack, "login": login_attack, "trickle": trickle_attack}
    for name in chosen:
        await attacks[name]()
        print()


if __name__ == "__main__":
    asyncio.run(main())
