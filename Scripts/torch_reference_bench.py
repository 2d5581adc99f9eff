"""pytorch-grad-cam on torch, the reference Scripts/bench-torch sets beside CamLab on the same machine. Run by
Scripts/bench-torch with the project's .venv-torch (Debian's python3-torch 1.13 for the CPU, pytorch-grad-cam from
PyPI); the models are the ones Scripts/fixtures/torch_bench_models.py writes into the cache folder.

  torch_reference_bench.py resnet18 CACHE [ROUNDS]
      The lines `camlab-bench explain --resnet18 CACHE` prints, measured on torch: loading the model (building
      torchvision's resnet18 and loading the state_dict), predict + Grad-CAM of one 224x224x3 picture at
      layer4[-1] (targets=None: the predicted classes), and of a batch of 64; medians of ROUNDS runs.
  torch_reference_bench.py folder MODEL.pt PICTURES OUT
      What `camlab explain MODEL.onnx PICTURES --out OUT --rescale 1/255` does, done with PIL and pytorch-grad-cam:
      every picture read, resized to the model's input, explained with GradCAM (predicted class), and its overlay
      written as a PNG the size of the picture; prints pictures per second.

THREADS (default 2) sets torch's threads.
"""
import json
import os
import resource
import statistics
import struct
import sys
import time
import warnings

import numpy as np
import torch
import torchvision
from torch import nn

warnings.filterwarnings("ignore")
import cv2  # noqa: E402  (pytorch-grad-cam resizes its maps with OpenCV)
from pytorch_grad_cam import GradCAM  # noqa: E402
from pytorch_grad_cam.utils.image import show_cam_on_image  # noqa: E402

torch.set_num_threads(int(os.environ.get("THREADS", "2")))
cv2.setNumThreads(int(os.environ.get("THREADS", "2")))


def say(line=""):
    print(line, flush=True)


def cpu_model_name():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown"


def peak_megabytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def load_average():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def read_safetensors(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    return {name: np.frombuffer(data[v["data_offsets"][0]:v["data_offsets"][1]], dtype="<f4").reshape(v["shape"])
            for name, v in header.items() if name != "__metadata__"}


def build(name, state_path):
    """The fixture's model with its weights, as torch_bench_models.py built it, and the layer Grad-CAM reads."""
    if name == "resnet18":
        model = torchvision.models.resnet18(weights=None, num_classes=1000)
    else:
        model = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(),
            nn.Conv2d(32, 16, 3, padding=1), nn.ReLU(),
            nn.Conv2d(16, 8, 3, padding=1), nn.ReLU(),
            nn.Flatten(), nn.Linear(8 * 28 * 28, 10))
    model.load_state_dict(torch.load(state_path))
    model.eval()
    layer = model.layer4[-1] if name == "resnet18" else model[5]
    return model, layer


def seconds(body):
    start = time.perf_counter()
    body()
    return time.perf_counter() - start


def resnet18_bench(cache, rounds):
    say(f"torch {torch.__version__} (pytorch-grad-cam), {torch.get_num_threads()} threads")
    say(f"CPU: {cpu_model_name()}; load average at start {load_average()}")
    state = f"{cache}/resnet18.pt"
    load = [seconds(lambda: build("resnet18", state)) for _ in range(rounds)]
    model, layer = build("resnet18", state)
    cam = GradCAM(model=model, target_layers=[layer])
    reference = read_safetensors(f"{cache}/resnet18.safetensors")
    picture = torch.from_numpy(reference["input"][:1].transpose(0, 3, 1, 2).copy())
    torch.manual_seed(2)
    batch = torch.rand(64, 3, 224, 224)
    one, many, forward = [], [], []

    def predict():
        with torch.no_grad():
            model(batch)
    for round in range(-1, rounds):  # a warm-up round first
        a = seconds(lambda: cam(input_tensor=picture, targets=None))
        b = seconds(lambda: cam(input_tensor=batch, targets=None))
        c = seconds(predict)
        if round >= 0:
            one.append(a)
            many.append(b)
            forward.append(c)
    with torch.no_grad():
        predicted = int(model(picture).argmax(1)[0])
    say(f"resnet18 predicted class of the fixture's first picture: {predicted}")
    say(f"resnet18 load model (median of {rounds}): {statistics.median(load) * 1000:.1f} ms")
    say(f"resnet18 predict + Grad-CAM, one picture (median of {rounds}): {statistics.median(one) * 1000:.1f} ms")
    say(f"resnet18 predict + Grad-CAM, batch of 64 (median of {rounds}): {statistics.median(many) * 1000:.1f} ms, "
        f"{statistics.median(many) * 1000 / 64:.1f} ms per picture")
    say(f"resnet18 for scale, predict alone, batch of 64 (median of {rounds}): "
        f"{statistics.median(forward) * 1000:.1f} ms")
    say(f"peak memory (max RSS): {peak_megabytes()} MB")
    say(f"load average at end {load_average()}")


def pictures_under(folder):
    kept = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [os.path.join(root, f) for f in sorted(files) if f.lower().endswith(kept) and not f.startswith(".")]
    return sorted(found)


def folder_bench(state_path, folder, out, batch_size=32):
    from PIL import Image
    name = "resnet18" if "resnet18" in os.path.basename(state_path) else "small_cnn"
    model, layer = build(name, state_path)
    cam = GradCAM(model=model, target_layers=[layer])
    size, mode = (224, "RGB") if name == "resnet18" else (28, "L")
    files = pictures_under(folder)
    start = time.perf_counter()
    for first in range(0, len(files), batch_size):
        chunk = files[first:first + batch_size]
        originals, inputs = [], []
        for path in chunk:
            picture = Image.open(path).convert(mode)
            originals.append(np.asarray(picture, dtype=np.float32) / 255)
            resized = picture.resize((size, size), Image.BILINEAR) if picture.size != (size, size) else picture
            inputs.append(np.asarray(resized, dtype=np.float32) / 255)
        x = torch.from_numpy(np.stack(inputs))
        x = x[:, None] if x.ndim == 3 else x.permute(0, 3, 1, 2)
        maps = cam(input_tensor=x.contiguous(), targets=None)
        for path, original, heat in zip(chunk, originals, maps):
            height, width = original.shape[:2]
            if heat.shape != (height, width):
                heat = cv2.resize(heat, (width, height))
            rgb = np.repeat(original[:, :, None], 3, axis=2) if original.ndim == 2 else original
            overlay = show_cam_on_image(rgb, heat, use_rgb=True)
            target = os.path.join(out, os.path.relpath(path, folder))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            Image.fromarray(overlay).save(os.path.splitext(target)[0] + ".png")
    elapsed = time.perf_counter() - start
    say(f"torch folder: {len(files)} pictures in {elapsed:.1f} s, {len(files) / elapsed:.1f} pictures/s; "
        f"peak memory {peak_megabytes()} MB")


if __name__ == "__main__":
    if sys.argv[1] == "resnet18":
        resnet18_bench(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 5)
    elif sys.argv[1] == "folder":
        folder_bench(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
