"""A build killed outright leaves no worker behind: each would wait forever for its parent to
take its results, holding its copy of the model."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from tests.conftest import PROJECT

SCRIPT = """
import sys, time
from builder.engine import parallel
tasks = [lambda: time.sleep(0.01) or b"x" * 1000 for _ in range(5000)]
def slow_parent():
    print("started", flush=True)
    time.sleep(600)  # the parent is busy, so the workers' results wait for it
for _ in parallel.run(tasks, 3, min_parallel=1, meanwhile=slow_parent):
    pass
"""


def running(pid: str) -> bool:
    """The process exists and is not a zombie (ended, waiting to be reaped by whoever adopted it)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_workers_end_with_a_killed_parent() -> None:
    parent = subprocess.Popen([sys.executable, "-c", SCRIPT], cwd=PROJECT, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(PROJECT)})
    try:
        assert parent.stdout is not None and parent.stdout.readline().strip() == "started"
        workers = subprocess.run(["pgrep", "-P", str(parent.pid)], capture_output=True, text=True).stdout.split()
        assert len(workers) == 2
    finally:
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=30)
        parent.stdout.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(running(pid) for pid in workers):
        time.sleep(0.1)
    alive = [pid for pid in workers if running(pid)]
    for pid in alive:
        os.kill(int(pid), signal.SIGKILL)
    assert not alive, "workers outlived the build that forked them"
