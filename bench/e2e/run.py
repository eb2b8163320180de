#!/usr/bin/env python3
"""End-to-end benchmark of the real Lector daemon, side by side with a Python peer pipeline and
with Lector's own no-op floor, on real folders.

    python3 bench/e2e/run.py [--lector PATH] [--full] [--quick] [--only SCENARIO,...]
                             [--out docs/benchmarks/e2e.json]

Three systems run the same articles, one after another, in one run:

- `lector`: `lector daemon --root DIR` with the default configuration (config/lector.yaml: the
  text, language and summary processors, the catalog, fsync'ed results, archiving);
- `floor`: the same daemon with `pipeline.processors=[]`: it reads, decodes, hashes, writes the
  JSON result and archives, and runs no processor, so it is the I/O and bookkeeping cost alone;
- `peer`: bench/e2e/peer.py, the folder loop a user might assemble in Python (pycld2, regular
  expression entities, sumy LexRank), with the same folders and the same durable writes.

Scenarios (each prints its table as it goes, and all figures land in the JSON file):

- throughput: N articles renamed into the inbox at once (seed articles, and mixed real text of
  1 KB, 10 KB and 100 KB); articles and MB per second from the first drop to the last result, and
  CPU milliseconds per article; with 1 and 2 workers; the seed rows, which decide the goals, are
  run --seed-rounds times (5), the systems taking turns, and keep each system's median run;
- latency: a steady drop rate (25 to 400 articles per second); p50, p99 and max from the moment the
  file is renamed into the inbox to the moment its result is renamed into output/, as seen by
  inotify;
- size: cost per article and per KB from 1 KB to 1 MB (1 worker);
- backlog: 1,000 and 10,000 files (100,000 with --full) waiting in the inbox before the daemon
  starts; the rate over the whole run and over its first and last tenth;
- and for every start: the time from spawn to READY=1 on $NOTIFY_SOCKET, and the peak RSS (VmHWM,
  summed over the peer's processes).

The peer runs fewer articles where it is slow, and every run has a time budget; a run that does
not finish in time says how far it got. The first run creates bench/e2e/.venv with pycld2, sumy,
numpy and matplotlib. Build Lector first: `swift build -c release --product lector` (`make bench`
does both, and then renders docs/benchmarks.md with bench/e2e/report.py).
"""

import argparse
import atexit
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
VENV = os.path.join(HERE, ".venv")
PYPI_PACKAGES = ["pycld2==0.42", "sumy==0.11.0", "numpy", "matplotlib"]


def ensure_venv():
    python = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(os.path.join(VENV, ".complete")):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([python, "-m", "pip", "install", "--quiet"] + PYPI_PACKAGES)
        open(os.path.join(VENV, ".complete"), "w").close()
    os.execv(python, [python] + sys.argv)


ensure_venv()
sys.path.insert(0, HERE)
from corpus import Corpus  # noqa: E402
from folderwatch import IN_CLOSE_WRITE, IN_MOVED_TO, FolderWatch  # noqa: E402

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
FOLDERS = ("inbox", "processing", "output", "archive", "failed")


# ---------------------------------------------------------------------------------------------
# The systems under test.


class System:
    def __init__(self, name, command):
        self.name = name
        self.command = command  # function(root, workers) -> argv

    def argv(self, root, workers):
        return self.command(root, workers)


def lector_system(binary, name, extra):
    config = os.path.join(REPO, "config", "lector.yaml")

    def command(root, workers):
        return [binary, "daemon", "--root", root, "--config", config, "--log", "stderr",
                "--set", f"daemon.workers={workers}", "--set", "daemon.instance=bench"] + extra

    return System(name, command)


def peer_system():
    script = os.path.join(HERE, "peer.py")

    def command(root, workers):
        return [sys.executable, script, "--root", root, "--workers", str(workers)]

    return System("peer", command)


# ---------------------------------------------------------------------------------------------
# Process facts from /proc.


def process_tree(pid):
    """pid and all its descendants."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError):
            continue
    tree, stack = [], [pid]
    while stack:
        current = stack.pop()
        tree.append(current)
        stack.extend(children.get(current, []))
    return tree


def peak_rss_and_cpu(pid):
    """(peak RSS in bytes, user+system CPU seconds), summed over the process tree."""
    rss, cpu = 0, 0.0
    for member in process_tree(pid):
        try:
            with open(f"/proc/{member}/status") as handle:
                for line in handle:
                    if line.startswith("VmHWM:"):
                        rss += int(line.split()[1]) * 1024
            with open(f"/proc/{member}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            cpu += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        except OSError:
            continue
    return rss, cpu


def load_average():
    with open("/proc/loadavg") as handle:
        return float(handle.read().split()[0])


# ---------------------------------------------------------------------------------------------
# One run: start a system on fresh folders, drop articles, wait for their results.


class ResultWatch(threading.Thread):
    """Stamps every result renamed into output/ and every error file written into failed/."""

    def __init__(self, root):
        super().__init__(daemon=True)
        self.output = FolderWatch(os.path.join(root, "output"), IN_MOVED_TO)
        self.failed = FolderWatch(os.path.join(root, "failed"), IN_MOVED_TO | IN_CLOSE_WRITE)
        self.done = {}  # input name -> monotonic time of its result
        self.failures = {}
        self.condition = threading.Condition()
        self.stopped = False

    def run(self):
        import select

        while not self.stopped:
            ready, _, _ = select.select([self.output.fd, self.failed.fd], [], [], 0.1)
            with self.condition:
                if self.output.fd in ready:
                    for name, stamp in self.output.read(0):
                        if name.endswith(".json") and not name.startswith("."):
                            self.done.setdefault(name[: -len(".json")], stamp)
                if self.failed.fd in ready:
                    for name, stamp in self.failed.read(0):
                        if name.endswith(".error.json"):
                            self.failures.setdefault(name[: -len(".error.json")], stamp)
                self.condition.notify_all()

    def wait_for(self, count, deadline):
        with self.condition:
            while len(self.done) + len(self.failures) < count and time.monotonic() < deadline:
                self.condition.wait(0.1)

    def stop(self):
        self.stopped = True
        self.join()
        self.output.close()
        self.failed.close()


# Folders of finished runs, removed when the whole bench ends. Removing them between runs would
# charge the harness's own deletions to the next run: ext4 without a journal (this machine's root
# filesystem) skips every inode freed in the last 60 s (360 s while its inode table block is dirty)
# when it allocates a new one, so creating files right after deleting tens of thousands cost
# 645 us a file here against 49-134 us otherwise (docs/benchmarks.md, "Deleting between runs").
SPENT = []


@atexit.register
def remove_spent():
    for root in SPENT:
        shutil.rmtree(root, ignore_errors=True)
    SPENT.clear()


def run_once(system, workers, drops=(), backlog=(), budget=60.0, keep=False):
    """Starts `system` with `backlog` already in the inbox, renames `drops` ((offset seconds, name,
    bytes)) into the inbox at their offsets after READY, and waits for every result or the budget.
    """
    root = tempfile.mkdtemp(prefix=f"lector-bench-{system.name}-", dir=os.environ.get("BENCH_TMP"))
    for folder in FOLDERS + ("staging",):
        os.makedirs(os.path.join(root, folder))
    # A backlog is what piled up while the daemon was down: files an hour old, which the start-up
    # scan may take at once (younger files wait for daemon.stable_delay).
    an_hour_ago = time.time() - 3600
    for name, data in backlog:
        path = os.path.join(root, "inbox", name)
        with open(path, "wb") as handle:
            handle.write(data)
        os.utime(path, (an_hour_ago, an_hour_ago))
    drops = list(drops)
    for _, name, data in drops:
        with open(os.path.join(root, "staging", name), "wb") as handle:
            handle.write(data)
    expected = len(drops) + len(backlog)
    watch = ResultWatch(root)
    watch.start()

    notify_path = os.path.join(root, "notify.sock")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(notify_path)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LECTOR_")}
    environment["NOTIFY_SOCKET"] = notify_path
    log = open(os.path.join(root, "daemon.log"), "wb")
    load = load_average()
    spawned = time.monotonic()
    process = subprocess.Popen(system.argv(root, workers), env=environment, stdout=log, stderr=log,
                               stdin=subprocess.DEVNULL)
    ready = None
    notify.settimeout(0.5)
    while ready is None and time.monotonic() - spawned < 120:
        try:
            message = notify.recv(4096).decode()
        except socket.timeout:
            if process.poll() is not None:
                break
            continue
        if "READY=1" in message.split("\n"):
            ready = time.monotonic()
            # Start-up work (imports, models) is not charged to the articles.
            _, cpu_at_ready = peak_rss_and_cpu(process.pid)
    if ready is None:
        process.kill()
        process.wait()
        log.close()
        with open(os.path.join(root, "daemon.log"), errors="replace") as handle:
            tail = handle.read()[-2000:]
        raise SystemExit(f"{system.name} did not become ready:\n{tail}")

    dropped = {}
    start = ready
    for offset, name, _ in drops:
        delay = start + offset - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        os.rename(os.path.join(root, "staging", name), os.path.join(root, "inbox", name))
        dropped[name] = time.monotonic()
    last_drop = max(dropped.values(), default=ready)
    watch.wait_for(expected, max(last_drop, ready) + budget)
    finished = time.monotonic()
    rss, cpu = peak_rss_and_cpu(process.pid)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    watch.stop()
    notify.close()
    log.close()
    with watch.condition:
        done = dict(watch.done)
        failures = dict(watch.failures)
    if not keep:
        SPENT.append(root)
    else:
        print(f"  kept {root}", flush=True)
    return {
        "system": system.name,
        "workers": workers,
        "expected": expected,
        "done": len(done),
        "failed": len(failures),
        "complete": len(done) + len(failures) >= expected,
        "spawned": spawned,
        "ready_s": ready - spawned,
        "first_drop": min(dropped.values(), default=spawned),
        "last_result": max(list(done.values()) + list(failures.values()), default=finished),
        "finished": finished,
        "peak_rss": rss,
        "cpu_s": cpu - cpu_at_ready,
        "load_before": load,
        "dropped": dropped,
        "results": done,
    }


# ---------------------------------------------------------------------------------------------
# Figures.


def percentile(values, fraction):
    """Nearest-rank percentile; values that never arrived count as infinite."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(-(-fraction * len(ordered) // 1)) - 1))
    return ordered[rank]


def rate_summary(run, names, total_bytes):
    """Articles and MB per second from the first drop (or spawn) to the last result."""
    completed = [run["results"][n] for n in names if n in run["results"]]
    start = run["first_drop"]
    elapsed = max(completed) - start if completed else None
    return {
        "system": run["system"],
        "workers": run["workers"],
        "articles": len(names),
        "done": len(completed),
        "failed": run["failed"],
        "complete": run["complete"],
        "seconds": elapsed,
        "articles_per_s": len(completed) / elapsed if elapsed else None,
        "mb_per_s": total_bytes * len(completed) / len(names) / elapsed / 1e6 if elapsed else None,
        "cpu_ms_per_article": 1000 * run["cpu_s"] / len(completed) if completed else None,
        "peak_rss": run["peak_rss"],
        "ready_s": run["ready_s"],
        "load_before": run["load_before"],
    }


def median_run(runs):
    """The run with the median rate (the lower middle one of an even count), carrying every run's
    rate, CPU and load as `rounds`, so a report can give the spread as well."""
    rated = sorted(runs, key=lambda r: r["articles_per_s"] or 0)
    row = dict(rated[(len(rated) - 1) // 2])
    row["rounds"] = [{"articles_per_s": r["articles_per_s"], "cpu_ms_per_article": r["cpu_ms_per_article"],
                      "load_before": r["load_before"], "complete": r["complete"]} for r in runs]
    return row


def fmt(value, digits=1):
    if value is None:
        return "—"
    if value == float("inf"):
        return "∞"
    if 0 < abs(value) < 10 and digits < 2:
        digits = 2
    return f"{value:,.{digits}f}"


# ---------------------------------------------------------------------------------------------
# Scenarios.


class Bench:
    def __init__(self, args):
        self.args = args
        self.corpus = Corpus()
        binary = args.lector
        self.systems = {
            "lector": lector_system(binary, "lector", []),
            "floor": lector_system(binary, "floor", ["--set", "pipeline.processors=[]"]),
            "peer": peer_system(),
        }
        self.starts = []  # every run's ready time and peak RSS, per system
        self.scale = 0.1 if args.quick else 1.0

    def n(self, count, minimum=2):
        return max(minimum, int(count * self.scale))

    def run(self, system, workers, **kwargs):
        if system not in self.args.systems.split(","):
            return None
        result = run_once(self.systems[system], workers, keep=self.args.keep, **kwargs)
        self.starts.append({"system": system, "ready_s": result["ready_s"], "peak_rss": result["peak_rss"]})
        return result

    def throughput(self):
        rows = []
        # (kind, label, articles for Lector and the floor, articles for the peer)
        # The seed rows decide the goals, and one run of a few seconds says little on a shared
        # machine: they are run --seed-rounds times, the three systems in turn within each round so
        # that they share the conditions, and each keeps its median run (by articles per second)
        # with every round's figures beside it.
        plan = [("seeds", "seeds (3–11 KB)", 1000, 100), (1024, "mixed 1 KB", 2000, 200),
                (10240, "mixed 10 KB", 1000, 40), (102400, "mixed 100 KB", 200, 4)]
        print("\n== throughput: N articles dropped at once", flush=True)
        print(f"{'articles':<18}{'system':<8}{'workers':>8}{'N':>7}{'art/s':>10}{'MB/s':>8}"
              f"{'CPU ms/art':>12}{'RSS MB':>8}{'load':>6}", flush=True)
        for kind, label, count, peer_count in plan:
            rounds = max(1, self.args.seed_rounds if kind == "seeds" and not self.args.quick else 1)
            for workers in (1, 2):
                runs = {}
                for _ in range(rounds):
                    for system in ("lector", "floor", "peer"):
                        n = self.n(peer_count if system == "peer" else count)
                        articles = list(self.corpus.articles(kind, n))
                        total = sum(len(data) for _, data in articles)
                        run = self.run(system, workers, drops=[(0.0, name, data) for name, data in articles],
                                       budget=self.args.budget)
                        if run is None:
                            continue
                        row = rate_summary(run, [name for name, _ in articles], total)
                        row.update(kind=str(kind), label=label, bytes=total)
                        runs.setdefault(system, []).append(row)
                        print(f"{label:<18}{system:<8}{workers:>8}{n:>7}{fmt(row['articles_per_s']):>10}"
                              f"{fmt(row['mb_per_s'], 2):>8}{fmt(row['cpu_ms_per_article'], 2):>12}"
                              f"{fmt(row['peak_rss'] / 2**20):>8}{fmt(row['load_before'], 1):>6}"
                              + ("" if row["complete"] else f"  (only {row['done']} in the budget)"), flush=True)
                for system, system_runs in runs.items():
                    rows.append(median_run(system_runs))
                if rounds > 1 and "lector" in runs and "floor" in runs:
                    paired = [f["articles_per_s"] / l["articles_per_s"] for l, f in zip(runs["lector"], runs["floor"])
                              if l["articles_per_s"] and f["articles_per_s"]]
                    print(f"{label:<18}{'median':<8}{workers:>8}  lector {fmt(rows[-len(runs)]['articles_per_s'])}/s; "
                          f"floor ÷ lector per round: {', '.join(f'{r:.2f}' for r in paired)}", flush=True)
        return rows

    def latency(self):
        rows = []
        rates = [10, 25, 50, 100, 200, 400]
        duration = 2.0 if self.args.quick else self.args.latency_seconds
        print(f"\n== latency: a steady drop rate for {duration:g} s, seed articles, 2 workers", flush=True)
        print(f"{'rate/s':>7} {'system':<8}{'N':>6}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}{'done':>7}", flush=True)
        number = 0
        for rate in rates:
            for system in ("lector", "floor", "peer"):
                count = int(rate * duration)
                articles = list(self.corpus.articles("seeds", count, start=number))
                number += count
                drops = [(i / rate, name, data) for i, (name, data) in enumerate(articles)]
                run = self.run(system, 2, drops=drops, budget=self.args.latency_drain)
                if run is None:
                    continue
                latencies = [
                    (run["results"][name] - run["dropped"][name]) if name in run["results"] else float("inf")
                    for name, _ in articles
                ]
                finite = [v for v in latencies if v != float("inf")]
                row = {
                    "system": system, "rate": rate, "articles": count, "done": len(finite),
                    "p50_ms": 1000 * percentile(latencies, 0.50), "p99_ms": 1000 * percentile(latencies, 0.99),
                    "max_ms": 1000 * max(latencies), "peak_rss": run["peak_rss"], "ready_s": run["ready_s"],
                    "load_before": run["load_before"],
                }
                rows.append(row)
                print(f"{rate:>7} {system:<8}{count:>6}{fmt(row['p50_ms']):>10}{fmt(row['p99_ms']):>10}"
                      f"{fmt(row['max_ms']):>10}{len(finite):>7}", flush=True)
        return rows

    def size(self):
        rows = []
        sizes = [1024, 4096, 16384, 65536, 262144, 1048576]
        print("\n== cost against article size (1 worker)", flush=True)
        print(f"{'size':>9} {'system':<8}{'N':>6}{'ms/art':>10}{'µs/KB':>9}{'CPU ms/art':>12}", flush=True)
        for size in sizes:
            for system in ("lector", "floor", "peer"):
                count = max(4, min(400, (4 << 20) // size))
                if system == "peer":
                    # LexRank compares every pair of sentences: beyond 64 KB one article takes
                    # minutes, so the peer is not run there (the report says so).
                    if size > 65536:
                        continue
                    count = max(2, count // 10)
                count = self.n(count, minimum=2)
                articles = list(self.corpus.articles(size, count, start=10_000))
                total = sum(len(data) for _, data in articles)
                run = self.run(system, 1, drops=[(0.0, name, data) for name, data in articles],
                               budget=self.args.budget)
                if run is None:
                    continue
                summary = rate_summary(run, [name for name, _ in articles], total)
                ms = 1000 / summary["articles_per_s"] if summary["articles_per_s"] else None
                row = {
                    "system": system, "size": size, "articles": count, "done": summary["done"],
                    "complete": summary["complete"], "ms_per_article": ms,
                    "us_per_kb": ms * 1000 / (size / 1024) if ms else None,
                    "cpu_ms_per_article": summary["cpu_ms_per_article"], "peak_rss": run["peak_rss"],
                }
                rows.append(row)
                print(f"{size:>9} {system:<8}{count:>6}{fmt(ms, 2):>10}{fmt(row['us_per_kb'], 1):>9}"
                      f"{fmt(row['cpu_ms_per_article'], 2):>12}"
                      + ("" if row["complete"] else f"  (only {row['done']} in the budget)"), flush=True)
        return rows

    def backlog(self):
        rows = []
        counts = [1000, 10000] + ([100000] if self.args.full else [])
        print("\n== backlog: files already in the inbox at start (seed articles, 2 workers)", flush=True)
        print(f"{'files':>8} {'system':<8}{'art/s':>9}{'first 10%':>11}{'last 10%':>10}{'s to READY':>11}"
              f"{'RSS MB':>8}", flush=True)
        for count in counts:
            for system in ("lector", "floor", "peer"):
                if system == "peer" and count > 1000:
                    continue
                n = self.n(count, minimum=20)
                articles = list(self.corpus.articles("seeds", n, start=100_000))
                run = self.run(system, 2, backlog=articles, budget=self.args.backlog_budget)
                if run is None:
                    continue
                stamps = sorted(run["results"].values())
                tenth = max(2, len(stamps) // 10)
                first = (tenth - 1) / (stamps[tenth - 1] - stamps[0]) if len(stamps) >= tenth else None
                last = (tenth - 1) / (stamps[-1] - stamps[-tenth]) if len(stamps) >= tenth else None
                elapsed = stamps[-1] - run["spawned"] if stamps else None
                row = {
                    "system": system, "files": n, "done": len(stamps), "complete": run["complete"],
                    "seconds": elapsed, "articles_per_s": len(stamps) / elapsed if elapsed else None,
                    "first_tenth_per_s": first, "last_tenth_per_s": last, "ready_s": run["ready_s"],
                    "peak_rss": run["peak_rss"], "cpu_ms_per_article": 1000 * run["cpu_s"] / max(1, len(stamps)),
                }
                rows.append(row)
                print(f"{n:>8} {system:<8}{fmt(row['articles_per_s']):>9}{fmt(first):>11}{fmt(last):>10}"
                      f"{fmt(run['ready_s'], 3):>11}{fmt(run['peak_rss'] / 2**20):>8}"
                      + ("" if row["complete"] else f"  (only {row['done']} in the budget)"), flush=True)
        return rows


def machine():
    model = "unknown"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as handle:
        memory = int(handle.readline().split()[1]) * 1024
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return {
        "cores": os.cpu_count(), "cpu_model": model, "memory_gb": round(memory / 2**30, 1),
        "kernel": platform.release(), "python": platform.python_version(),
        "commit": commit.stdout.strip() or "unknown",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lector", default=os.path.join(REPO, ".build", "release", "lector"))
    parser.add_argument("--out", default=os.path.join(REPO, "docs", "benchmarks", "e2e.json"))
    parser.add_argument("--full", action="store_true", help="add the 100,000-file backlog")
    parser.add_argument("--quick", action="store_true", help="a tenth of the articles, to try the harness")
    parser.add_argument("--only", default="throughput,latency,size,backlog")
    parser.add_argument("--systems", default="lector,floor,peer")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds a run may take after its last drop")
    parser.add_argument("--latency-seconds", type=float, default=8.0)
    parser.add_argument("--latency-drain", type=float, default=15.0)
    parser.add_argument("--backlog-budget", type=float, default=900.0)
    parser.add_argument("--keep", action="store_true", help="keep each run's folders and daemon log")
    parser.add_argument("--seed-rounds", type=int, default=5,
                        help="runs of each system for the seed throughput rows, which decide the goals (median kept)")
    args = parser.parse_args()
    if "lector" in args.systems + args.systems.replace("floor", "lector") and not os.access(args.lector, os.X_OK):
        raise SystemExit(f"no lector binary at {args.lector}; run `swift build -c release --product lector`")

    bench = Bench(args)
    results = {"machine": machine(), "quick": args.quick, "full": args.full}
    print(f"machine: {results['machine']}", flush=True)
    started = time.monotonic()
    for scenario in args.only.split(","):
        results[scenario] = getattr(bench, scenario)()
    results["starts"] = bench.starts
    results["seconds"] = time.monotonic() - started
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as handle:
        json.dump(results, handle, indent=1, sort_keys=True)
    print(f"\nwrote {args.out} after {results['seconds']:.0f} s", flush=True)


if __name__ == "__main__":
    main()
