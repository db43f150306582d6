#!/usr/bin/env python3
"""How long the search index's merge after an anonymisation holds the writer.

Copies a store (default: the bench_store database, 1,000,000 complaints),
clears one complaint's name as anonymise does, then merges the FTS index the
way ComplaintRepository::anonymise() does ('merge', -500 per transaction
until a round writes nothing), and, for comparison, times one 'optimize'.

    build/tests/bench_store            # makes /tmp/keluhan-bench/bench.db once
    scripts/bench-fts-merge.py [DB]
"""
import os
import shutil
import sqlite3
import sys
import time

src = sys.argv[1] if len(sys.argv) > 1 else "/tmp/keluhan-bench/bench.db"
work = "/tmp/keluhan-bench/fts-merge.db"
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(work + suffix):
        os.remove(work + suffix)
shutil.copyfile(src, work)
try:
    c = sqlite3.connect(work, isolation_level=None)
    c.execute("PRAGMA journal_mode = WAL")
    c.execute("PRAGMA synchronous = FULL")
    c.execute("PRAGMA secure_delete = ON")
    n = c.execute("SELECT count(*) FROM complaints").fetchone()[0]
    for label, seq in (("first (cold)", n // 2), ("second (warm)", n // 2 + 1)):
        c.execute("UPDATE complaints SET name = '' WHERE seq = ?", (seq,))
        rounds = []
        while True:
            t = time.monotonic()
            c.execute("BEGIN IMMEDIATE")
            before = c.total_changes
            c.execute("INSERT INTO complaints_fts(complaints_fts, rank) VALUES ('merge', -500)")
            written = c.total_changes - before
            c.execute("COMMIT")
            rounds.append(time.monotonic() - t)
            if written < 2:
                break
        rounds_ms = sorted(r * 1000 for r in rounds)
        print(f"{label}: {n} complaints, {len(rounds)} rounds, {sum(rounds):.2f} s in all, "
              f"median round {rounds_ms[len(rounds_ms) // 2]:.0f} ms, longest {rounds_ms[-1]:.0f} ms")
    c.execute("UPDATE complaints SET name = '' WHERE seq = ?", (n // 2 + 2,))
    t = time.monotonic()
    c.execute("INSERT INTO complaints_fts(complaints_fts) VALUES ('optimize')")
    print(f"one 'optimize' instead: {time.monotonic() - t:.2f} s holding the writer")
finally:
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(work + suffix):
            os.remove(work + suffix)
