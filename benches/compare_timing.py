#!/usr/bin/env python3
"""Times commands side by side for benches/compare.sh: interleaved rounds, medians.

Reads a JSON plan on standard input:

    {"rounds": 5, "warmup": 1,
     "commands": [{"label": "new", "cmd": ["..."], "env": {"K": "V"}, "bytes": 123}],
     "ratios": [{"label": "new vs old", "slow": "old", "fast": "new"}]}

Each round runs every command once, starting from a different one each round, so a machine
that slows down or speeds up during the run affects every command alike. A command's wall
time, CPU time (user + system) and peak resident memory come from wait4(2) for that process
alone. Prints a table, then each ratio of median wall and CPU times, and writes the same
figures as JSON to the path given as the first argument, when one is given.
"""

import json
import os
import statistics
import subprocess
import sys
import time


def run_once(command):
    env = dict(os.environ)
    env.update(command.get("env", {}))
    start = time.perf_counter()
    child = subprocess.Popen(
        command["cmd"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=command.get("cwd"),
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    # A finding is exit 1; anything else means the command did not run as intended.
    if child.returncode not in command.get("exit_codes", [0, 1]):
        sys.exit(
            f"compare: `{' '.join(command['cmd'])}` exited {child.returncode} "
            f"(label {command['label']})"
        )
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def main():
    plan = json.load(sys.stdin)
    commands = plan["commands"]
    for command in commands:
        for _ in range(plan.get("warmup", 1)):
            run_once(command)
    samples = {c["label"]: [] for c in commands}
    for round_index in range(plan["rounds"]):
        shift = round_index % len(commands)
        for command in commands[shift:] + commands[:shift]:
            samples[command["label"]].append(run_once(command))

    figures = {}
    print(
        f"{'command':<34} {'median wall':>12} {'range':>17} {'median CPU':>11} "
        f"{'peak RSS':>9} {'MB/s':>7}"
    )
    for command in commands:
        label = command["label"]
        walls = [s[0] for s in samples[label]]
        cpus = [s[1] for s in samples[label]]
        rss = max(s[2] for s in samples[label])
        wall = statistics.median(walls)
        cpu = statistics.median(cpus)
        rate = command["bytes"] / 1e6 / wall if command.get("bytes") else None
        figures[label] = {
            "median_wall_s": wall,
            "min_wall_s": min(walls),
            "max_wall_s": max(walls),
            "median_cpu_s": cpu,
            "peak_rss_mib": rss,
            "mb_per_s": rate,
            "runs": len(walls),
        }
        print(
            f"{label:<34} {fmt_time(wall):>12} "
            f"{fmt_time(min(walls)) + '-' + fmt_time(max(walls)):>17} "
            f"{fmt_time(cpu):>11} {rss:>6.0f} MiB {'' if rate is None else f'{rate:.0f}':>7}"
        )
    ratios = []
    for ratio in plan.get("ratios", []):
        slow, fast = figures[ratio["slow"]], figures[ratio["fast"]]
        wall = slow["median_wall_s"] / fast["median_wall_s"]
        cpu = slow["median_cpu_s"] / max(fast["median_cpu_s"], 1e-9)
        ratios.append({"label": ratio["label"], "wall": wall, "cpu": cpu})
        target = f"  (target {ratio['target']})" if "target" in ratio else ""
        print(f"  {ratio['label']}: {wall:.2f}x wall, {cpu:.2f}x CPU{target}")
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w", encoding="utf-8") as out:
            json.dump({"figures": figures, "ratios": ratios}, out, indent=2)


def fmt_time(seconds):
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


if __name__ == "__main__":
    main()
