"""Loads the .h5 and .keras files CamLab wrote (KerasSaveTests leaves them in DIR with CamLab's predictions) in
this interpreter's Keras, TensorFlow 2.15's tf.keras or Keras 3, and checks that each predicts within 1e-5 of
CamLab. Under TensorFlow it also trains each model one more epoch on a few images (the road to
tf.distribute: a model CamLab saved continues training in Keras). Exit status 1 on any failure.
Usage: python keras_roundtrip.py DIR
"""
import glob
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402

try:
    import tensorflow as tf  # noqa: E402
    keras, load, name = tf.keras, tf.keras.models.load_model, f"TensorFlow {tf.__version__}"
except ImportError:
    import keras  # noqa: E402
    tf, load, name = None, keras.saving.load_model, f"Keras {keras.__version__} ({keras.backend.backend()})"
from safetensors.numpy import load_file  # noqa: E402

folder = sys.argv[1]
failures = 0
files = sorted(glob.glob(os.path.join(folder, "camlab_*.h5")) + glob.glob(os.path.join(folder, "camlab_*.keras")))
if not files:
    sys.exit(f"no CamLab-written model files in {folder}: run the Swift tests (KerasSaveTests) first")
for path in files:
    stem = path.rsplit(".", 1)[0]
    expected = load_file(stem + ".safetensors")
    try:
        model = load(path, compile=False)
        worst = float(np.max(np.abs(model.predict(expected["x"], verbose=0) - expected["y"])))
        ok = worst <= 1e-5
        line = f"{name}: {os.path.basename(path)} predicts within {worst:.1e} of CamLab"
        if tf is not None and ok:
            classes = expected["y"].shape[-1]
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            x = np.concatenate([expected["x"]] * 4)
            y = np.arange(len(x)) % classes
            history = model.fit(x, y, epochs=1, batch_size=4, verbose=0)
            loss = history.history["loss"][-1]
            ok = np.isfinite(loss)
            line += f"; one more epoch in Keras: loss {loss:.4f}"
    except Exception as error:  # noqa: BLE001 - every failure is reported with the file it came from
        ok, line = False, f"{name}: {os.path.basename(path)} does not load: {type(error).__name__}: {error}"[:600]
    print(("ok      " if ok else "FAILED  ") + line)
    failures += not ok
sys.exit(1 if failures else 0)
