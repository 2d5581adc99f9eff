"""Explains a folder of pictures on a Ray cluster: one `camlab explain --shard K/N` task per shard.

Each task runs CamLab on whichever machine Ray gives it and returns its index lines; the driver gathers them into
OUT/index.jsonl and reports pictures explained, pictures that failed, and any picture explained twice or not at all.
The overlays are written under OUT on the worker's disk, so on a cluster OUT should be a shared file system (NFS,
a mounted bucket); the index comes back to the driver either way.

    python explain_with_ray.py MODEL PICTURES --out OUT --shards 16 [--address auto] [-- extra camlab options]

Needs `pip install ray` and `camlab` on every worker (or --camlab PATH).
"""
import argparse
import json
import os
import subprocess
import sys

import ray


@ray.remote
def explain_shard(camlab, model, pictures, out, shard, shards, extra):
    """Runs one shard; returns its number, exit status, index lines and the tail of CamLab's output."""
    result = subprocess.run([camlab, "explain", model, *pictures, "--out", out, "--shard", f"{shard}/{shards}", *extra],
                            capture_output=True, text=True)
    index = os.path.join(out, f"index-{shard}-of-{shards}.jsonl")
    lines = open(index, encoding="utf-8").read().splitlines() if os.path.exists(index) else []
    return shard, result.returncode, lines, (result.stdout + result.stderr)[-2000:]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("pictures", nargs="+")
    parser.add_argument("--out", required=True)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--address", default=None, help="a Ray cluster ('auto' inside one); a local Ray otherwise")
    parser.add_argument("--num-cpus", type=int, default=None, help="CPUs of the local Ray (when --address is not given)")
    parser.add_argument("--camlab", default="camlab")
    args, extra = parser.parse_known_args(argv)
    extra = [a for a in extra if a != "--"]

    ray.init(address=args.address, num_cpus=args.num_cpus if args.address is None else None)
    tasks = [explain_shard.remote(args.camlab, args.model, args.pictures, args.out, k, args.shards, extra)
             for k in range(1, args.shards + 1)]
    records, failed_shards = [], []
    for shard, status, lines, output in ray.get(tasks):
        records += [json.loads(line) for line in lines]
        if status not in (0, 1):  # 1: some pictures failed, listed in the index
            failed_shards.append(shard)
            print(f"shard {shard}/{args.shards} stopped (exit {status}):\n{output}", file=sys.stderr)
    with open(os.path.join(args.out, "index.jsonl"), "w", encoding="utf-8") as index:
        index.writelines(json.dumps(record) + "\n" for record in records)

    files = [record["file"] for record in records if "error" not in record]
    failures = [record for record in records if "error" in record]
    twice = sorted({f for f in files if files.count(f) > 1})
    print(f"{len(files)} pictures explained in {args.shards} shards, {len(failures)} failed, "
          f"{len(twice)} explained more than once; index: {os.path.join(args.out, 'index.jsonl')}")
    for record in failures:
        print(f"  {record['file']}: {record['error']}")
    return 1 if failed_shards or failures or twice else 0


if __name__ == "__main__":
    sys.exit(main())
