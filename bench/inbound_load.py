"""Load test of POST /crm_vtiger_like/inbound (issue 11): REQUESTS requests
(default 1000) from CONCURRENCY client threads (default 8), one in four from
a client seen before (a repeat), each a real request through HTTP to a server
with 2 workers. Prints a JSON object with the requests per second, latency
percentiles and status codes.

    python bench/inbound_load.py http://127.0.0.1:8069 TOKEN
"""

import json
import os
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter

REQUESTS = int(os.environ.get("REQUESTS", "1000"))
CONCURRENCY = int(os.environ.get("CONCURRENCY", "8"))
RUN = str(int(time.time()))[-6:]


def body(index):
    # one in four repeats the number of an earlier request
    number = index - index % 4 if index % 4 == 3 else index
    return {
        "name": f"Клиент {number}",
        "phone": f"+7 9{RUN[:2]} {number // 10000 % 1000:03d}-{number // 100 % 100:02d}-{number % 100:02d}",
        "message": "Хочу узнать цену",
        "external_id": f"bench-{RUN}-{index}",
    }


def post(url, token, payload):
    request = urllib.request.Request(
        f"{url}/crm_vtiger_like/inbound",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def main(url, token):
    # warm up the workers (registry loading, caches)
    for index in range(20):
        post(url, token, {**body(index), "external_id": f"warmup-{RUN}-{index}"})
    latencies, statuses, lock = [], Counter(), threading.Lock()
    todo = iter(range(REQUESTS))

    def worker():
        while True:
            with lock:
                index = next(todo, None)
            if index is None:
                return
            start = time.perf_counter()
            status = post(url, token, body(index))
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] += 1

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    print(
        json.dumps(
            {
                "inbound_requests": REQUESTS,
                "inbound_concurrency": CONCURRENCY,
                "inbound_rps": round(REQUESTS / elapsed, 1),
                "inbound_latency_ms_median": round(statistics.median(latencies), 1),
                "inbound_latency_ms_p95": round(latencies[int(len(latencies) * 0.95)], 1),
                "inbound_statuses": dict(statuses),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
