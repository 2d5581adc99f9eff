"""Loads the .h5 and .keras files CamLab wrote (KerasSaveTests leaves them in DIR with CamLab's predictions) in
this interpreter's Keras, TensorFlow 2.15's tf.keras or Keras 3, and checks that each predicts within 1e-5 of
CamLab. Under TensorFlow it also trains each model one more epoch on a few images (the road to
tf.distribute: a model CamLab saved continues training in Keras). A file saved from a compiled, trained model
(its .safetensors holds `iterations` and Adam's m_I, v_I) is loaded compiled: the optimizer Keras restores must
hold CamLab's step count and moments in the form this Keras reads (TensorFlow 2.15: .h5 and the .keras saved with
keras: 2; Keras 3: .keras, as it restores no .h5 file's moments; the other forms are reported, as help(save_model)
says),
and a further fit continues from it. Exit status 1 on any
failure.
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


def restores_here(path):
    """Whether this Keras should restore the optimizer of the file at path: the default forms (.h5 for
    TensorFlow 2.15, .keras for Keras 3) and the files saved with keras: 2 or 3 (camlab_adam_for_*)."""
    base = os.path.basename(path)
    if tf is None and base.endswith(".h5"):
        return False  # Keras 3 restores no .h5 file's moments, its own included (it never builds the optimizer)
    if "_for_" in base:
        return ("_for_tf215" in base) == (tf is not None)
    return base.endswith(".h5") == (tf is not None)


def optimizer_check(path, expected):
    """Loads a file saved with its optimizer compiled; returns (ok, line)."""
    import warnings
    import logging
    messages = []

    class Catch(logging.Handler):
        def emit(self, record):
            messages.append(record.getMessage())
    handler = Catch()
    logging.getLogger().addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model = load(path)
        messages += [str(w.message) for w in caught]
    except Exception as error:  # noqa: BLE001 - a form for the other Keras may not load at all
        if restores_here(path):
            raise
        return True, (f"{name}: {os.path.basename(path)} does not load here: {type(error).__name__}: "
                      f"{str(error).splitlines()[-1][:200]} (this form is the other Keras's: documented in help(save_model))")
    finally:
        logging.getLogger().removeHandler(handler)
    worst = float(np.max(np.abs(model.predict(expected["x"], verbose=0) - expected["y"])))
    optimizer = model.optimizer
    iterations = int(optimizer.iterations.numpy())
    saved = int(expected["iterations"][0])
    m0 = np.asarray(optimizer._momentums[0].numpy()) if optimizer._momentums else None
    moments = m0 is not None and float(np.max(np.abs(m0 - expected["m_0"]))) == 0 and all(
        np.array_equal(np.asarray(v.numpy()), expected[f"v_{i}"]) for i, v in enumerate(optimizer._velocities))
    restored = iterations == saved and moments
    line = (f"{name}: {os.path.basename(path)} predicts within {worst:.1e}; {type(optimizer).__name__} "
            f"learning_rate {float(np.asarray(optimizer.learning_rate)):.4g}, iterations {iterations} "
            f"(CamLab {saved}), moments {'equal CamLab' if moments else 'fresh'}")
    notes = [m for m in messages if "ptimizer" in m]
    if notes:
        line += "; Keras said: " + " | ".join(n.strip()[:200] for n in notes)
    ok = worst <= 1e-5
    if restores_here(path):
        ok = ok and restored
        history = model.fit(expected["x"], expected["labels"].astype(np.int64), batch_size=2, epochs=1,
                            shuffle=False, verbose=0)
        after = int(optimizer.iterations.numpy())
        ok = ok and after == saved + 3 and np.isfinite(history.history["loss"][-1])
        line += f"; one more epoch: iterations {after}, loss {history.history['loss'][-1]:.4f}"
    elif tf is None and path.endswith(".h5"):
        line += " (Keras 3 restores no .h5 file's moments, its own included: documented in help(save_model))"
    else:
        line += " (this form is not this Keras's: documented in help(save_model))"
    return ok, line


for path in files:
    stem = path.rsplit(".", 1)[0]
    expected = load_file(stem + ".safetensors")
    if "iterations" in expected:
        try:
            ok, line = optimizer_check(path, expected)
        except Exception as error:  # noqa: BLE001
            ok, line = False, f"{name}: {os.path.basename(path)} with its optimizer: {type(error).__name__}: {error}"[:600]
        print(("ok      " if ok else "FAILED  ") + line)
        failures += not ok
        continue
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
