#!/usr/bin/env python3
"""Holds each scanned variant's record to its sample's expected record (Samples/expected).

For every variant file (made by scan.py, named SAMPLE.VARIANT.pdf or .docx) it runs
`gongkai extract --json` and counts the value fields right, right and at or above the threshold,
and wrong at or above it (the promise: none), with the time each file took; then one line per
variant kind over all samples.

With --keep DIR each record is written there (SAMPLE.VARIANT.json) and --under lists the value
fields under the threshold, to see what is left for review.

Usage: ocrmeasure.py [--gongkai PATH] [--threshold 0.9] [--jobs N] [--keep DIR] [--under] FILE...
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def measure(path, gongkai, threshold, keep=None):
    name = os.path.basename(path)
    sample, variant = name.split(".")[0], ".".join(name.split(".")[1:-1])
    expected = json.load(open(os.path.join(ROOT, "Samples/expected", sample + ".json")))["fields"]
    started = time.time()
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    run = subprocess.run([gongkai, "extract", "--json", path], capture_output=True, text=True, env=env)
    seconds = time.time() - started
    result = dict(sample=sample, variant=variant, seconds=seconds, fields=len(expected), right=0, sure=0, wrong_sure=[], under=[], ocr_pages=None,
                  error=None if run.returncode == 0 else run.stderr.strip()[:200])
    if run.returncode != 0 or not run.stdout.strip():
        return result
    record = json.loads(run.stdout.splitlines()[0])
    if keep:
        with open(os.path.join(keep, f"{sample}.{variant}.json"), "w") as out:
            out.write(run.stdout)
    result["ocr_pages"] = record["source"].get("ocr_pages")
    for field in record["fields"]:
        key = field["key"]
        if key not in expected:
            continue
        right = field["value"] == expected[key]
        sure = field["confidence"] >= threshold
        result["right"] += right
        result["sure"] += right and sure
        if not sure:
            result["under"].append(f"{key}={field['value']} (raw {field['raw']!r}, expected {expected[key]}, {field['confidence']})")
        if sure and not right:
            result["wrong_sure"].append(f"{key}={field['value']} (raw {field['raw']!r}, expected {expected[key]}, {field['confidence']})")
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gongkai", default=os.path.join(ROOT, ".build/release/gongkai"))
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--keep", help="a directory to write each record to")
    parser.add_argument("--under", action="store_true", help="list the value fields under the threshold")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda f: measure(f, args.gongkai, args.threshold, args.keep), args.files))
    by_variant = collections.defaultdict(list)
    for r in results:
        status = r["error"] or f"ocr_pages {r['ocr_pages']}"
        print(f"{r['sample']:32} {r['variant']:16} right {r['right']:3}/{r['fields']}  right&sure {r['sure']:3}  wrong&sure {len(r['wrong_sure'])}  {r['seconds']:.1f} s  {status}")
        for wrong in r["wrong_sure"]:
            print("    confidently wrong:", wrong)
        for under in r["under"] if args.under else []:
            print("    under the threshold:", under)
        by_variant[r["variant"]].append(r)
    print()
    print(f"{'variant':16} files  fields  right          right & >= {args.threshold}   wrong & >= {args.threshold}  s/file")
    for variant, rs in sorted(by_variant.items()):
        fields = sum(r["fields"] for r in rs)
        right = sum(r["right"] for r in rs)
        sure = sum(r["sure"] for r in rs)
        wrong = sum(len(r["wrong_sure"]) for r in rs)
        print(f"{variant:16} {len(rs):5}  {fields:6}  {right:5} ({100 * right / fields:5.1f} %)  {sure:5} ({100 * sure / fields:5.1f} %)   {wrong:5}        {sum(r['seconds'] for r in rs) / len(rs):.1f}")


if __name__ == "__main__":
    main()
