"""The Jupyter kernel's overhead per cell, measured (Scripts/bench-kernel runs it on a release build).

Three figures, medians over many cells of `x = 1`, whose evaluation takes microseconds, so the time is overhead:
  - a Jupyter round trip with the CamLab kernel: client → ZeroMQ → ipykernel → CamLab process → back, until idle;
  - the same round trip with ipykernel's own Python kernel running `pass`, the floor any ipykernel-based kernel
    shares;
  - the time inside the CamLab kernel: from ipykernel handing the wrapper the cell to the wrapper's reply (relay,
    JSON, the CamLab process), as the wrapper reports it in the reply's metadata;
CamLab's side alone (one request and its events over the JSON-lines channel) is `camlab-bench kernel`.
"""
import os
import statistics
import sys
import time

import jupyter_client

CELLS = int(os.environ.get("CELLS", "300"))


def round_trips(kernel_name, code, inside=None):
    manager, client = jupyter_client.manager.start_new_kernel(kernel_name=kernel_name)
    try:
        times = []
        for index in range(CELLS + 20):
            started = time.perf_counter()
            message_id = client.execute(code)
            reply = client.get_shell_msg(timeout=30)
            while reply["parent_header"].get("msg_id") != message_id:
                reply = client.get_shell_msg(timeout=30)
            if inside is not None and index >= 20:
                inside.append(reply["metadata"]["camlab_kernel_seconds"] * 1000)
            while True:
                message = client.get_iopub_msg(timeout=30)
                if (message["parent_header"].get("msg_id") == message_id and message["msg_type"] == "status"
                        and message["content"]["execution_state"] == "idle"):
                    break
            if index >= 20:  # the first cells warm caches up
                times.append((time.perf_counter() - started) * 1000)
        return times
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def describe(times):
    times = sorted(times)
    return f"median {statistics.median(times):.2f} ms (p10 {times[len(times) // 10]:.2f}, p90 {times[len(times) * 9 // 10]:.2f})"


if __name__ == "__main__":
    inside = []
    camlab_kernel = round_trips("camlab", "x = 1", inside)
    python_kernel = round_trips("python3", "pass")
    print(f"Jupyter round trip per cell, CamLab kernel (x = 1):     {describe(camlab_kernel)}")
    print(f"Jupyter round trip per cell, ipykernel's Python (pass): {describe(python_kernel)}")
    print(f"Time inside the CamLab kernel per cell (x = 1):          {describe(inside)}")
    print(f"kernel overhead per cell: {statistics.median(inside):.2f} ms (median of {CELLS} cells)")
