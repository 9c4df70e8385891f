"""``fazhi worker``: run ``fazhi tick`` at an interval until stopped (systemd: docs/deploy/fazhi-worker.service).

SIGTERM and SIGINT end the worker cleanly: a pass under way finishes, then the worker exits (within a
second when it is waiting). A pass that fails is logged and the worker carries on at the next interval.
Several workers may run at once: a tick is safe against a concurrent one.
"""

from __future__ import annotations

import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connections

from fazhi.core.tick import run_tick

log = logging.getLogger("fazhi.worker")

DEFAULT_INTERVAL = 900


class Command(BaseCommand):
    help = "Run the reminder clock (fazhi tick) every --interval seconds until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=DEFAULT_INTERVAL,
                            help=f"Seconds between passes (default {DEFAULT_INTERVAL}).")
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")

    def handle(self, *args, **options):
        interval = options["interval"]
        if interval < 1:
            raise CommandError("--interval must be at least 1 second.")
        self.stopping = False
        previous = {}

        def request_stop(signum, _frame):
            # Only set a flag: the handler runs between two bytecodes of whatever the worker is doing.
            self.stopping = True

        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                previous[sig] = signal.signal(sig, request_stop)
        try:
            self._loop(interval, once=options["once"])
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _loop(self, interval: int, *, once: bool) -> None:
        log.info("Worker started (interval %s s).", interval)
        passes = 0
        while not self.stopping:
            _refresh_connections()
            try:
                result = run_tick()
            except Exception:
                log.exception("A tick failed; trying again at the next interval.")
            else:
                passes += 1
                for line in result.lines():
                    if once:
                        self.stdout.write(line)
                    else:
                        log.info(line)
            finally:
                _refresh_connections()
            if once:
                break
            self._sleep(interval)
        if self.stopping:
            log.info("Stop requested.")
        log.info("Worker stopped after %d pass(es).", passes)

    def _sleep(self, seconds: float) -> None:
        """Wait ``seconds``, waking every second to see whether a stop was requested."""
        end = time.monotonic() + seconds
        while not self.stopping:
            remaining = end - time.monotonic()
            if remaining <= 0:
                return
            time.sleep(min(1.0, remaining))


def _refresh_connections() -> None:
    """Drop broken or expired database connections between passes (not inside a transaction, as in tests)."""
    if not any(conn.in_atomic_block for conn in connections.all(initialized_only=True)):
        close_old_connections()
