"""Keeping Peduli's processes running on one machine without systemd (`make
run`, `peduli serve`): the web server, the task worker and the scheduler as
child processes. A worker or scheduler that dies — a crash, an import that
ran out of memory, a kill — is started again after a pause that doubles
while it keeps dying (1 s, 2 s, 4 s … at most 60 s) and resets once it has
run for a minute; when the web server ends, or the supervisor is told to
stop, every child is stopped. Production runs the same three under systemd
(docs/operator-guide.md), which restarts them the same way."""

import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TextIO

FIRST_PAUSE, LONGEST_PAUSE, STEADY_SECONDS = 1.0, 60.0, 60.0
STOP_GRACE_SECONDS = 10.0


@dataclass
class Child:
    """One process to keep running; `essential`: when it ends, all stop."""

    name: str
    argv: Sequence[str]
    essential: bool = False
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    restarts: int = 0
    pause: float = FIRST_PAUSE
    start_at: float | None = None  # when a dead child is due to start again
    exits: list[int] = field(default_factory=list)


class Supervisor:
    def __init__(self, children: Sequence[Child], *, log: TextIO, clock: Callable[[], float] = time.monotonic):
        self.children, self.log, self.clock = list(children), log, clock

    def _say(self, text: str) -> None:
        self.log.write(f"[pengawas] {text}\n")
        self.log.flush()

    def _start(self, child: Child) -> None:
        child.process = subprocess.Popen(child.argv)
        child.started_at, child.start_at = self.clock(), None

    def start(self) -> None:
        for child in self.children:
            self._start(child)

    def poll(self) -> bool:
        """One round: note who died, start again who is due; False once an
        essential child has ended."""
        now = self.clock()
        for child in self.children:
            if child.process is not None and (code := child.process.poll()) is not None:
                child.process = None
                child.exits.append(code)
                if child.essential:
                    self._say(f"{child.name} berhenti (kode {code}); semua proses dihentikan.")
                    return False
                if now - child.started_at >= STEADY_SECONDS:
                    child.pause = FIRST_PAUSE
                child.start_at = now + child.pause
                self._say(f"{child.name} mati (kode {code}); dijalankan lagi dalam {child.pause:g} detik.")
                child.pause = min(child.pause * 2, LONGEST_PAUSE)
            if child.process is None and child.start_at is not None and now >= child.start_at:
                self._start(child)
                child.restarts += 1
                self._say(f"{child.name} dijalankan lagi (ke-{child.restarts}).")
        return True

    def stop(self) -> None:
        running = [c.process for c in self.children if c.process is not None]
        for process in running:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for process in running:
            try:
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for child in self.children:
            child.process = None

    def run(self, *, interval: float = 1.0) -> None:
        """Start all, keep them running until an essential one ends or SIGTERM/SIGINT."""
        stopping = False

        def _stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        self.start()
        try:
            while not stopping and self.poll():
                time.sleep(interval)
        finally:
            self.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
