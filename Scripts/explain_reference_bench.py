"""pytorch-grad-cam and captum on the CamLab walkthrough's architecture, timed as Scripts/bench-explain times
CamLab: milliseconds per 28×28 explanation, alone and in a batch of 64, and Grad-CAM over the 10,000 test images.
Run by Scripts/bench-explain-reference, which installs torch, grad-cam and captum into a virtual environment
outside the repository. The model is PyTorch's twin of the walkthrough's (three 3×3 "same" ReLU convolutions
with 32, 16 and 8 filters, flatten, dense 10, NCHW); its weights are random, which does not change the timings.
"""
import gzip
import os
import statistics
import sys
import time
import warnings

import numpy as np
import torch
import tqdm

warnings.filterwarnings("ignore")
# Score-CAM and Ablation-CAM draw progress bars; the timings leave them out.
tqdm.tqdm = lambda iterable, *args, **kwargs: iterable

from captum.attr import (GuidedBackprop, GuidedGradCam, InputXGradient, IntegratedGradients, NoiseTunnel,
                         Occlusion, Saliency)
from pytorch_grad_cam import (AblationCAM, EigenCAM, EigenGradCAM, GradCAM, GradCAMPlusPlus, HiResCAM, LayerCAM,
                              ScoreCAM, XGradCAM)
from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget

torch.set_num_threads(int(os.environ.get("THREADS", "2")))
torch.manual_seed(0)
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 11


def test_images():
    with gzip.open("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz") as f:
        data = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
    return torch.from_numpy(data.reshape(-1, 1, 28, 28).astype(np.float32) / 255)


model = torch.nn.Sequential(
    torch.nn.Conv2d(1, 32, 3, padding=1), torch.nn.ReLU(),
    torch.nn.Conv2d(32, 16, 3, padding=1), torch.nn.ReLU(),
    torch.nn.Conv2d(16, 8, 3, padding=1), torch.nn.ReLU(),
    torch.nn.Flatten(), torch.nn.Linear(8 * 28 * 28, 10)).eval()
last_conv = model[4]
x_test = test_images()
batch = x_test[:64]


def cam(cls, **kwargs):
    explainer = cls(model=model, target_layers=[last_conv], **kwargs)

    def run(x):
        targets = [ClassifierOutputTarget(int(t)) for t in model(x).argmax(1)]
        return explainer(input_tensor=x, targets=targets)
    return run


def attribution(method, **kwargs):
    def run(x):
        target = model(x).argmax(1)
        return method.attribute(x.clone().requires_grad_(True), target=target, **kwargs)
    return run


methods = {
    "gradcam": cam(GradCAM),
    "gradcam_plus_plus": cam(GradCAMPlusPlus),
    "hirescam": cam(HiResCAM),
    "xgradcam": cam(XGradCAM),
    "layercam": cam(LayerCAM),
    "scorecam": cam(ScoreCAM),
    "ablationcam": cam(AblationCAM),
    "eigencam": cam(EigenCAM),
    "eigengradcam": cam(EigenGradCAM),
    "saliency": attribution(Saliency(model)),
    "input_x_gradient": attribution(InputXGradient(model)),
    "smoothgrad": attribution(NoiseTunnel(Saliency(model)), nt_type="smoothgrad", nt_samples=50, stdevs=0.15,
                              nt_samples_batch_size=50),
    "integrated_gradients": attribution(IntegratedGradients(model), n_steps=50, internal_batch_size=256),
    "guided_backprop": attribution(GuidedBackprop(model)),
    "guided_gradcam": attribution(GuidedGradCam(model, last_conv)),
    "occlusion": attribution(Occlusion(model), sliding_window_shapes=(1, 4, 4), strides=(1, 2, 2),
                             perturbations_per_eval=64),
}


def seconds(run, x):
    start = time.perf_counter()
    run(x)
    return time.perf_counter() - start


print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; load average {os.getloadavg()}")
single = {name: [] for name in methods}
batched = {name: [] for name in methods}
for round in range(-1, ROUNDS):  # a warm-up round, then rounds over every method in turn
    for name, run in methods.items():
        one = seconds(run, x_test[round + 1:round + 2])
        many = seconds(run, batch) / 64
        if round >= 0:
            single[name].append(one)
            batched[name].append(many)
print(f"method                 one image (ms)   per image in a batch of 64 (ms)   (medians of {ROUNDS} rounds)")
for name in methods:
    print(f"{name:22s}{statistics.median(single[name]) * 1000:15.3f}{statistics.median(batched[name]) * 1000:36.3f}")
gradcam = methods["gradcam"]
times = []
for _ in range(3):
    start = time.perf_counter()
    for i in range(0, len(x_test), 256):
        gradcam(x_test[i:i + 256])
    times.append(time.perf_counter() - start)
print(f"Grad-CAM of all {len(x_test)} test images in batches of 256 (median of 3): {statistics.median(times):.3f} s")
print(f"load average at end {os.getloadavg()}")
