"""Examples/explain_with_ray.py on a local two-worker Ray: every picture of a fixture folder explained exactly once.

Run by Scripts/test with CAMLAB set to the camlab executable; skipped with a message when Ray is not installed.
"""
import importlib.util
import json
import os
import pathlib
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
# Absolute: the test runs CamLab from a scratch folder.
CAMLAB = os.path.abspath(os.environ.get("CAMLAB", str(ROOT / ".build/debug/camlab")))


def write_png(path, width, height, seed):
    """An RGB PNG of a diagonal gradient (the standard library is enough)."""
    rows = b"".join(b"\x00" + bytes(((x + y + seed) * 9) % 256 for x in range(width) for _ in range(3))
                    for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
                     + chunk(b"IEND", b""))


@unittest.skipIf(importlib.util.find_spec("ray") is None, "Ray is not installed in this environment")
class RayShardsTest(unittest.TestCase):
    def test_every_picture_is_explained_once_across_shards(self):
        with tempfile.TemporaryDirectory() as folder:
            work = pathlib.Path(folder)
            build = ("model = sequential([conv2d(4, 3, padding: same, activation: relu, input_shape: (16, 16, 1)), "
                     "flatten(), dense(3, activation: softmax)])\n")
            (work / "build.dsl").write_text(build)
            (work / "setup.dsl").write_text(build + 'save_weights(model, "model.safetensors")\n')
            subprocess.run([CAMLAB, "setup.dsl"], cwd=work, check=True)
            expected = []
            for group in ("a", "b", "c"):
                (work / "pictures" / group).mkdir(parents=True)
                for index in range(4):
                    write_png(work / "pictures" / group / f"{index}.png", 12 + index, 16, index)
                    expected.append(f"pictures/{group}/{index}.png")
            script = ROOT / "Examples" / "explain_with_ray.py"
            result = subprocess.run([sys.executable, str(script), "model.safetensors", "pictures", "--out", "maps",
                                     "--shards", "3", "--num-cpus", "2", "--camlab", CAMLAB,
                                     "--", "--dsl", "build.dsl", "--rescale", "1/255"],
                                    cwd=work, capture_output=True, text=True, timeout=600)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertIn("12 pictures explained in 3 shards, 0 failed, 0 explained more than once", result.stdout)
            records = [json.loads(line) for line in (work / "maps" / "index.jsonl").read_text().splitlines()]
            self.assertEqual(sorted(record["file"] for record in records), sorted(expected))
            for record in records:
                self.assertTrue((work / record["outputs"][0]).exists(), record)


if __name__ == "__main__":
    unittest.main()
