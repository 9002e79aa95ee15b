"""A load run: many signed-in users at once across the main pages, under gunicorn with the
production settings (``gunicorn.conf.py``: its workers from the core count).

Usage: ``.venv/bin/python bench/load.py [--database-url URL] [--users 100] [--seconds 120]``
(default: the national demo database ``bench/demo_load.py`` leaves, ``talent_bench_demo``).

Each simulated user signs in as one of the demo accounts (every role in turn, each user with its
own session), finds its main pages in the header navigation the way a person would, then keeps
opening one of them at random, pausing between pages (``--think``, seconds, uniform). Prints the
requests made, errors (anything but 200, or no answer), and p50 / p95 / p99 / max response times,
overall and for the slowest pages. Nothing is asserted; the issue's goal is 0 errors and
p99 ≤ 1 s.
"""

import argparse
import http.client
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.home import serve, session_cookie  # noqa: E402
from config import DEFAULT_DEMO_PASSWORD  # noqa: E402
from talent.demo.services import DEMO_ACCOUNTS  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/talent_bench_demo"
PORT = 8703
NAVIGATION_LINK = re.compile(r'class="nhsuk-header__navigation-link"\s+href="([^"]+)"')


def get(path: str, cookie: str, timeout: float = 30, *, follow: int = 2) -> tuple[int, bytes]:
    """GET as a browser would: a redirect (``/learning`` goes to your own record) is followed,
    and the time counted is until the page it leads to has arrived."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        body = response.read()
        location = response.getheader("Location")
    finally:
        connection.close()
    if response.status in (301, 302, 303) and location and follow:
        return get(urllib.parse.urlsplit(location).path, cookie, timeout, follow=follow - 1)
    return response.status, body


class User:
    def __init__(self, number: int, account: str):
        self.account = account
        self.random = random.Random(number)
        self.cookie = session_cookie(PORT, f"{account}@demo.nhs.uk", DEFAULT_DEMO_PASSWORD)
        status, page = get("/", self.cookie)
        if status != 200:
            raise SystemExit(f"{account}: home page answered {status}")
        self.pages = sorted({"/", *NAVIGATION_LINK.findall(page.decode())})


def run(user: User, until: float, think: tuple[float, float], results: dict, errors: list, lock) -> None:
    # Users start spread over the first pause, as people arriving, not all in one instant.
    time.sleep(user.random.uniform(0, think[1]))
    while time.perf_counter() < until:
        path = user.random.choice(user.pages)
        start = time.perf_counter()
        try:
            status, _ = get(path, user.cookie)
        except OSError as error:
            status = repr(error)
        elapsed = time.perf_counter() - start
        with lock:
            results[path].append(elapsed)
            if status != 200:
                errors.append((user.account, path, status))
        time.sleep(user.random.uniform(*think))


def percentile(ordered: list[float], fraction: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def describe(label: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p50, p95, p99 = (percentile(ordered, f) * 1000 for f in (0.5, 0.95, 0.99))
    return f"{label:44} {len(ordered):7} {p50:8.0f} {p95:8.0f} {p99:8.0f} {ordered[-1] * 1000:8.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--think", default="1,3", help="pause between pages: least,most seconds")
    arguments = parser.parse_args()
    think = tuple(float(part) for part in arguments.think.split(","))
    server = serve("wsgi:app", PORT, arguments.database_url, workers=None)
    try:
        accounts = [local_part for local_part, *_ in DEMO_ACCOUNTS]
        with ThreadPoolExecutor(max_workers=8) as pool:
            users = list(
                pool.map(lambda number: User(number, accounts[number % len(accounts)]), range(arguments.users))
            )
        print(f"{len(users)} users signed in as {len(accounts)} demo accounts; {arguments.seconds} s, think {think} s")
        results: dict[str, list[float]] = defaultdict(list)
        errors: list = []
        lock = threading.Lock()
        until = time.perf_counter() + arguments.seconds
        threads = [
            threading.Thread(target=run, args=(user, until, think, results, errors, lock), daemon=True)
            for user in users
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        duration = time.perf_counter() - started
        everything = [sample for samples in results.values() for sample in samples]
        print(f"{'what':44} {'requests':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
        print(describe("all pages", everything))
        print(f"throughput {len(everything) / duration:.1f} requests/s; errors {len(errors)}")
        slowest = sorted(results.items(), key=lambda item: statistics.median(item[1]), reverse=True)[:8]
        for path, samples in slowest:
            print(describe(f"  GET {path}", samples))
        for account, path, status in errors[:20]:
            print(f"error: {account} GET {path}: {status}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
