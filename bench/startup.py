"""Start-up: `communique code` on one sentence against a bare `spacy.load` of the same model.

    python bench/startup.py [--runs 7] [--sentence "..."] [--no-bytecode]

Each measurement is a fresh process (wall-clock time, start to exit), the two kinds taking turns so
that a change in the machine's load falls on both. Prints the medians and their ratio (issue #19 asks
for at most 2.0), the first `code` run with an empty start-up cache (it builds the cache), and the
machine's load average before and after, which moves these figures on a shared machine.

The start-up cache lives in a temporary folder for the run (COMMUNIQUE_CACHE_DIR), so the user's own
is neither used nor touched. The operating system's file cache is warmed by one unmeasured run of each.
Both run as an installed package does, from bytecode (pip compiles it at install; Python writes it on an
editable install's first run), kept in a temporary folder (PYTHONPYCACHEPREFIX) even where the
environment says not to write it (PYTHONDONTWRITEBYTECODE); `--no-bytecode` measures compiling every
module from source at every start instead.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from time import perf_counter

REPO = Path(__file__).resolve().parents[1]
# A readout's sentence: long enough for the language check (60 letters), naming countries, people,
# a city and a date, so that every stage has work to do.
SENTENCE = ("Foreign Minister Wang Yi met Russian Foreign Minister Sergey Lavrov in Beijing on 3 March 2025 "
            "and discussed the situation in Ukraine.")


def timed(command: list[str], env: dict[str, str], stdin: bytes | None = None) -> tuple[float, str]:
    """Seconds from start to exit, and stderr; a failed command ends the bench with its error."""
    started = perf_counter()
    done = subprocess.run(command, input=stdin, capture_output=True, env=env, cwd=REPO)
    seconds = perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')}")
    return seconds, done.stderr.decode(errors="replace")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each")
    parser.add_argument("--sentence", default=SENTENCE)
    parser.add_argument("--no-bytecode", action="store_true", help="compile every module at every start")
    args = parser.parse_args()

    from communique.nlp import model_name

    model = model_name()
    bare = [sys.executable, "-c", f"import spacy; spacy.load({model!r})"]
    code = [sys.executable, "-m", "communique", "code", "-"]  # as a user types it: the table
    sentence = args.sentence.encode()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="communique-startup-") as folder:
        env = {**os.environ, "COMMUNIQUE_CACHE_DIR": str(Path(folder) / "cache"),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            env.pop("PYTHONPYCACHEPREFIX", None)  # the venv's own bytecode, if any, still serves spaCy
        else:
            env["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "bytecode")
        timed(bare, env)  # warms the file cache for both (spaCy, the model), writes spaCy's bytecode
        first, summary = timed(code, env, sentence)  # empty start-up cache: builds it
        if "(1 coded" not in summary:
            sys.exit(f"the sentence was not coded: {summary}")
        bare_times, code_times = [], []
        for _ in range(args.runs):
            bare_times.append(timed(bare, env)[0])
            code_times.append(timed(code, env, sentence)[0])
    load_after = os.getloadavg()

    bare_median, code_median = statistics.median(bare_times), statistics.median(code_times)
    print(f"model {model}; {args.runs} runs each; {'no bytecode' if args.no_bytecode else 'from bytecode'}; "
          f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print(f"bare spacy.load        : median {bare_median:.2f} s  ({', '.join(f'{t:.2f}' for t in bare_times)})")
    print(f"communique code, 1 sent: median {code_median:.2f} s  ({', '.join(f'{t:.2f}' for t in code_times)})")
    print(f"  the first, building the start-up cache: {first:.2f} s")
    print(f"ratio (code / bare): {code_median / bare_median:.2f}")
    print(json.dumps({"model": model, "runs": args.runs, "bytecode": not args.no_bytecode,
                      "bare_s": round(bare_median, 3), "code_s": round(code_median, 3),
                      "ratio": round(code_median / bare_median, 3), "first_code_s": round(first, 3),
                      "load_before": round(load_before[0], 2), "load_after": round(load_after[0], 2)}))


if __name__ == "__main__":
    main()
