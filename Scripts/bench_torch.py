"""CamLab against pytorch-grad-cam on torch, on the same machine, run by Scripts/bench-torch (which builds CamLab,
makes .venv-torch and the cache's models first). Standard library only.

explain  `camlab-bench explain --resnet18 CACHE` and `torch_reference_bench.py resnet18 CACHE`, alternating RUNS
         times (each run prints medians of ROUNDS): loading the ResNet-18-shaped model, predict + Grad-CAM of one
         224x224x3 picture at layer4[-1], a batch of 64. Prints the medians over the runs and CamLab/torch.
folder   pictures per second of Grad-CAM over a folder of JPEGs (written once into the cache): COUNT 28x28 gray
         pictures through the walkthrough's CNN and COUNT_224 256x256 colour ones through the ResNet-18-shaped
         model, by `camlab explain MODEL.onnx FOLDER --out DIR --rescale 1/255` and by the torch script doing the same
         (PIL read, resize, pytorch-grad-cam, overlay PNG); CamLab and torch alternate, FOLDER_RUNS times each.
Peak memory is each process's maximum resident set, as the kernel accounts it (wait4).
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAMLAB_BENCH = f"{ROOT}/.build/release/camlab-bench"
CAMLAB = f"{ROOT}/.build/release/camlab"
RESNET_LAYER = "/layer4/layer4.1/relu_1/Relu"


def say(line=""):
    print(line, flush=True)


def run(command, log):
    """Runs `command`; returns its output, wall seconds and peak memory in MB. The output also goes to `log`."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    with open(log, "a") as f:
        f.write(f"$ {' '.join(command)}\n{output}\n")
    if process.returncode != 0:
        sys.exit(f"bench-torch: {command[0]} failed (exit status {process.returncode}):\n{output[-2000:]}")
    return output, seconds, usage.ru_maxrss / 1024


def number(pattern, text):
    match = re.search(pattern, text)
    if not match:
        sys.exit(f"bench-torch: no line matching {pattern!r} in:\n{text}")
    return float(match.group(1))


def cpu_and_load():
    info = {}
    for line in open("/proc/cpuinfo"):
        key, _, value = line.partition(":")
        info.setdefault(key.strip(), value.strip())
    flags = info.get("flags", "").split()
    vectors = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "no AVX2"
    return (f"CPU: {info.get('model name', 'unknown')} (family {info.get('cpu family', '?')} model "
            f"{info.get('model', '?')}, {vectors}), {os.cpu_count()} logical CPUs; "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def row(label, camlab, torch, unit, higher_is_better=False):
    ratio = camlab / torch if torch else float("nan")
    better = "smaller" if unit == "MB" else "faster"
    verdict = (f"CamLab {better}" if (ratio > 1) == higher_is_better else f"torch {better}") if ratio != 1 else "even"
    say(f"{label:44s}{camlab:12.1f}{torch:12.1f}  {unit:12s}{ratio:8.2f}  ({verdict})")


def explain(args, log):
    metrics = {
        "load model (ms)": r"load model \(median of \d+\): ([\d.]+) ms",
        "predict + Grad-CAM, one picture (ms)": r"one picture \(median of \d+\): ([\d.]+) ms",
        "predict + Grad-CAM, batch of 64 (ms)": r"batch of 64 \(median of \d+\): ([\d.]+) ms",
        "for scale, predict alone, batch of 64 (ms)": r"predict alone, batch of 64 \(median of \d+\): ([\d.]+) ms",
        "peak memory (MB)": r"peak memory \(max RSS\): (\d+) MB",
    }
    results = {"CamLab": {m: [] for m in metrics}, "torch": {m: [] for m in metrics}}
    commands = {
        "CamLab": [CAMLAB_BENCH, "explain", "--resnet18", args.cache, "--rounds", str(args.rounds)],
        "torch": [f"{args.venv}/bin/python", f"{ROOT}/Scripts/torch_reference_bench.py", "resnet18", args.cache,
                  str(args.rounds)],
    }
    for r in range(args.runs):
        for side in ("CamLab", "torch") if r % 2 == 0 else ("torch", "CamLab"):
            output, _, _ = run(commands[side], log)
            if r == 0:
                say(f"  {side}: " + next(line for line in output.splitlines() if line.startswith(("CamLab", "torch"))))
                check = [line for line in output.splitlines() if "check against torch" in line or "predicted" in line]
                for line in check:
                    say(f"  {side}: {line}")
            for m, pattern in metrics.items():
                results[side][m].append(number(pattern, output))
    say("")
    say(f"ResNet-18-shaped model, Grad-CAM at layer4[-1] (medians of {args.runs} alternating runs, each the median "
        f"of {args.rounds} rounds)")
    say(f"{'':44s}{'CamLab':>12s}{'torch':>12s}  {'':12s}{'CamLab/torch':>8s}")
    for m in metrics:
        label, unit = m.rsplit(" (", 1)
        row(label, statistics.median(results["CamLab"][m]), statistics.median(results["torch"][m]), unit[:-1])


def pictures(args, kind, count):
    folder = f"{args.cache}/pictures-{kind}-{count}"
    if not os.path.isdir(folder):
        say(f"  writing {count} {kind} JPEGs into {folder} (once)")
        subprocess.run(["/usr/bin/python3", f"{ROOT}/Scripts/fixtures/bench_pictures.py", kind, str(count), folder],
                       check=True, stdout=subprocess.DEVNULL)
    return folder


def folder(args, log):
    cases = [("28x28 gray, walkthrough's CNN", "small_cnn", "gray28", args.count, []),
             ("224x224x3 (from 256x256), ResNet-18", "resnet18", "rgb256", args.count_224, ["--layer", RESNET_LAYER])]
    out = f"{args.cache}/explained"
    lines = []
    for label, model, kind, count, extra in cases:
        if count == 0:
            continue
        source = pictures(args, kind, count)
        commands = {
            "CamLab": [CAMLAB, "explain", f"{args.cache}/{model}.onnx", source, "--out", f"{out}/camlab",
                       "--rescale", "1/255"] + extra,
            "torch": [f"{args.venv}/bin/python", f"{ROOT}/Scripts/torch_reference_bench.py", "folder",
                      f"{args.cache}/{model}.pt", source, f"{out}/torch"],
        }
        patterns = {"CamLab": r"([\d.]+) pictures/s;", "torch": r"([\d.]+) pictures/s;"}
        rates = {"CamLab": [], "torch": []}
        walls = {"CamLab": [], "torch": []}
        memory = {"CamLab": [], "torch": []}
        for r in range(args.folder_runs):
            for side in ("CamLab", "torch") if r % 2 == 0 else ("torch", "CamLab"):
                shutil.rmtree(out, ignore_errors=True)
                output, seconds, megabytes = run(commands[side], log)
                rates[side].append(number(patterns[side], output))
                walls[side].append(count / seconds)
                memory[side].append(megabytes)
                say(f"  {label}, {side}: {rates[side][-1]:.1f} pictures/s ({walls[side][-1]:.1f} counting start-up), "
                    f"{megabytes:.0f} MB")
        shutil.rmtree(out, ignore_errors=True)
        lines.append((f"{label}, {count} pictures", {s: statistics.median(v) for s, v in rates.items()},
                      {s: statistics.median(v) for s, v in walls.items()},
                      {s: statistics.median(v) for s, v in memory.items()}))
    say("")
    say(f"Folder throughput, Grad-CAM with overlays written (medians of {args.folder_runs} alternating runs)")
    say(f"{'':44s}{'CamLab':>12s}{'torch':>12s}  {'':12s}{'CamLab/torch':>8s}")
    for label, rate, wall, megabytes in lines:
        say(label)
        row("  pictures/s", rate["CamLab"], rate["torch"], "pictures/s", higher_is_better=True)
        row("  pictures/s counting start-up", wall["CamLab"], wall["torch"], "pictures/s", higher_is_better=True)
        row("  peak memory", megabytes["CamLab"], megabytes["torch"], "MB")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("parts", nargs="*", help="explain, folder or both (the default)")
    parser.add_argument("--cache", required=True)
    parser.add_argument("--venv", default=f"{ROOT}/.venv-torch")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds inside each run (explain)")
    parser.add_argument("--runs", type=int, default=3, help="alternating runs of each side (explain)")
    parser.add_argument("--folder-runs", type=int, default=1, help="alternating runs of each side (folder)")
    parser.add_argument("--count", type=int, default=10_000, help="28x28 pictures (folder)")
    parser.add_argument("--count-224", type=int, help="224x224x3 pictures (folder; default --count, 0 skips)")
    args = parser.parse_args()
    args.parts = args.parts or ["explain", "folder"]
    if any(part not in ("explain", "folder") for part in args.parts):
        parser.error(f"choose explain, folder or both, not {' '.join(args.parts)}")
    args.count_224 = args.count if args.count_224 is None else args.count_224
    log = f"{args.cache}/bench-torch.log"
    open(log, "w").close()
    say(cpu_and_load())
    say(f"(each run's full output: {log})")
    if "explain" in args.parts:
        explain(args, log)
    if "folder" in args.parts:
        say("")
        folder(args, log)
    say("")
    say(cpu_and_load().split("; ")[1] + " at end")


if __name__ == "__main__":
    main()
