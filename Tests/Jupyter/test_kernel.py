"""CamLab's Jupyter kernel against the real Jupyter: jupyter_client, nbclient and nbformat from .venv/, with the
kernel that `camlab kernel install --sys-prefix` registered there (Scripts/test does both)."""
import base64
import json
import os
import signal
import statistics
import subprocess
import tempfile
import time
import unittest

import jupyter_client
import nbformat
from nbclient import NotebookClient

from checks import decode_png, parse_svg

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CAMLAB = os.environ.get("CAMLAB", os.path.join(ROOT, ".build", "debug", "camlab"))


def start():
    manager, client = jupyter_client.manager.start_new_kernel(kernel_name="camlab")
    return manager, client


def execute(client, code, timeout=120):
    """Runs a cell; returns (reply content, [(msg_type, content), …] of its iopub messages)."""
    messages = []
    reply = client.execute_interactive(code, timeout=timeout,
                                       output_hook=lambda m: messages.append((m["msg_type"], m["content"])))
    return reply["content"], [(kind, content) for kind, content in messages if kind not in ("status", "execute_input")]


def shortened_walkthrough():
    notebook = nbformat.read(os.path.join(ROOT, "Examples", "fashion_mnist.ipynb"), as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = cell.source.replace("fashion_mnist()", "fashion_mnist(limit: 200)").replace("epochs: 8", "epochs: 1")
    return notebook


class WalkthroughNotebook(unittest.TestCase):
    def test_the_walkthrough_runs_end_to_end_with_every_output_checked(self):
        notebook = shortened_walkthrough()
        with tempfile.TemporaryDirectory() as folder:
            NotebookClient(notebook, kernel_name="camlab", timeout=600,
                           resources={"metadata": {"path": folder}}).execute()
            written = sorted(os.listdir(os.path.join(folder, "out")))
        nbformat.validate(notebook)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        self.assertEqual([cell.execution_count for cell in code], list(range(1, len(code) + 1)))
        kinds = {"png": 0, "svg": 0}
        for cell in code:
            for output in cell.outputs:
                self.assertNotEqual(output.output_type, "error", f"{cell.source[:60]}: {output}")
                data = output.get("data", {})
                if "image/png" in data:
                    width, height, _, _ = decode_png(base64.b64decode(data["image/png"]))
                    self.assertGreater(width, 0)
                    kinds["png"] += 1
                if "image/svg+xml" in data:
                    parse_svg(data["image/svg+xml"])
                    kinds["svg"] += 1
                    # The HTML form, for notebooks opened untrusted, is an <img> of the very same SVG.
                    prefix = '<img src="data:image/svg+xml;base64,'
                    self.assertTrue(data["text/html"].startswith(prefix))
                    encoded = data["text/html"][len(prefix):].split('"', 1)[0]
                    self.assertEqual(base64.b64decode(encoded).decode(), data["image/svg+xml"])
                if output.output_type in ("display_data", "execute_result"):
                    self.assertIn("text/plain", data)

        def outputs_of(fragment):
            return next(cell.outputs for cell in code if fragment in cell.source)

        versions = outputs_of("versions()")
        self.assertTrue(versions[0].text.startswith("CamLab "))
        # The first training picture: 28×28 enlarged crisply six times, every 6×6 block one colour.
        shown = [o for o in outputs_of("show(x_train[0]") if "image/png" in o.get("data", {})]
        width, height, channels, rows = decode_png(base64.b64decode(shown[0].data["image/png"]))
        self.assertEqual((width, height), (168, 168))
        self.assertTrue(all(rows[y][x * channels] == rows[y - y % 6][(x - x % 6) * channels]
                            for y in range(168) for x in range(168)))
        # fit drew one display, updated in place to the epoch's header and summary; then the history's plot.
        fit = outputs_of("model.fit(")
        self.assertEqual([sorted(output.data) for output in fit],
                         [["text/plain"], ["image/svg+xml", "text/html", "text/plain"]])
        lines = fit[0].data["text/plain"].splitlines()
        self.assertEqual(lines[0], "Epoch 1/1")
        self.assertTrue(lines[1].startswith("1/1 ━━━━━━━━━━━━━━━━━━━━"), lines)
        self.assertIn("val_accuracy", lines[1])
        # Every plot is SVG; every saved picture shows as PNG under its path.
        # Four plots, one of them also saved with save(…, "x.svg"); two pictures shown and seven saved.
        self.assertEqual(kinds["svg"], 5)
        self.assertEqual(kinds["png"], 2 + 7)
        self.assertIn("gradcam.png", written)


class NotebookFiles(unittest.TestCase):
    def test_report_writes_a_valid_notebook_with_outputs_and_errors(self):
        script = "\n".join([
            "#: # A small walkthrough", "#: Some *prose*.", "x = 6 * 7", "print(\"x is \\(x)\")",
            "show(zeros(28, 28), title: \"blank\")", "", "#: ## A plot",
            "plot(confusion_matrix(tensor([0, 1, 1]), tensor([0, 1, 0])))", "", "#: ## A mistake", "print(nope)",
            "", "#: ## After it", "print(x)",
        ]) + "\n"
        with tempfile.TemporaryDirectory() as folder:
            with open(os.path.join(folder, "walk.dsl"), "w") as file:
                file.write(script)
            run = subprocess.run([CAMLAB, "report", "walk.dsl", "-o", "walk.ipynb", "--keep-going"], cwd=folder,
                                 capture_output=True, text=True)
            self.assertEqual(run.returncode, 1, run.stderr)  # one cell failed, the report is still written
            notebook = nbformat.read(os.path.join(folder, "walk.ipynb"), as_version=4)
            back = subprocess.run([CAMLAB, "convert", "walk.ipynb", "-o", "back.dsl"], cwd=folder,
                                  capture_output=True, text=True)
            self.assertEqual(back.returncode, 0, back.stderr)
            with open(os.path.join(folder, "back.dsl")) as file:
                self.assertEqual(file.read(), script)
        nbformat.validate(notebook)
        self.assertEqual(notebook.metadata.kernelspec.name, "camlab")
        self.assertEqual(notebook.metadata.language_info.file_extension, ".dsl")
        self.assertEqual([c.cell_type for c in notebook.cells],
                         ["markdown", "code", "markdown", "code", "markdown", "code", "markdown", "code"])
        first, plot, mistake, after = [c for c in notebook.cells if c.cell_type == "code"]
        self.assertEqual([first.execution_count, plot.execution_count, after.execution_count], [1, 2, 4])
        self.assertEqual(first.outputs[0].text, "x is 42\n")
        self.assertEqual(decode_png(base64.b64decode(first.outputs[1].data["image/png"]))[:2], (168, 168))
        parse_svg(plot.outputs[0].data["image/svg+xml"])
        error = mistake.outputs[0]
        self.assertEqual((error.output_type, error.ename, error.evalue), ("error", "error", "unknown name 'nope'"))
        self.assertEqual(error.traceback, ["walk.dsl:11:7: error: unknown name 'nope'", " 11 | print(nope)",
                                           "    |       ^~~~"])

    def test_the_walkthrough_notebook_and_script_say_the_same(self):
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run([CAMLAB, "convert", os.path.join(ROOT, "Examples", "fashion_mnist.ipynb"), "-o",
                            os.path.join(folder, "w.dsl")], check=True, capture_output=True)
            subprocess.run([CAMLAB, "convert", os.path.join(ROOT, "Examples", "fashion_mnist.dsl"), "-o",
                            os.path.join(folder, "w.ipynb")], check=True, capture_output=True)
            with open(os.path.join(folder, "w.dsl")) as a, open(os.path.join(ROOT, "Examples", "fashion_mnist.dsl")) as b:
                self.assertEqual(a.read(), b.read(), "run 'camlab convert Examples/fashion_mnist.dsl' after editing it")
            with open(os.path.join(folder, "w.ipynb")) as a, open(os.path.join(ROOT, "Examples", "fashion_mnist.ipynb")) as b:
                self.assertEqual(a.read(), b.read(), "run 'camlab convert Examples/fashion_mnist.dsl' after editing it")
            nbformat.validate(nbformat.read(os.path.join(folder, "w.ipynb"), as_version=4))

    def test_a_notebook_of_another_language_is_refused(self):
        with tempfile.TemporaryDirectory() as folder:
            notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                         "display_name": "Python 3"}})
            nbformat.write(notebook, os.path.join(folder, "p.ipynb"))
            run = subprocess.run([CAMLAB, "convert", "p.ipynb"], cwd=folder, capture_output=True, text=True)
            self.assertNotEqual(run.returncode, 0)
            self.assertIn("is a python notebook, not a CamLab one", run.stderr)


class KernelProtocol(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.manager, cls.client = start()

    @classmethod
    def tearDownClass(cls):
        cls.client.stop_channels()
        cls.manager.shutdown_kernel(now=True)

    def test_kernel_info_names_camlab_and_its_language(self):
        info = self.client.kernel_info(reply=True)["content"]
        self.assertEqual(info["implementation"], "camlab")
        self.assertRegex(info["implementation_version"], r"^\d+\.\d+\.\d+$")
        language = info["language_info"]
        self.assertEqual((language["name"], language["file_extension"], language["pygments_lexer"]),
                         ("camlab", ".dsl", "python"))
        self.assertIn("CamLab", info["banner"])

    def test_outputs_arrive_as_display_data_and_errors_with_their_caret(self):
        reply, messages = execute(self.client, "print(\"hi\")\nimage(zeros(28, 28))\nplot(confusion_matrix(tensor([0, 1]), tensor([1, 1])))")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual([kind for kind, _ in messages], ["stream", "execute_result", "display_data"])
        self.assertEqual(messages[0][1]["text"], "hi\n")
        self.assertEqual(decode_png(base64.b64decode(messages[1][1]["data"]["image/png"]))[:2], (168, 168))
        parse_svg(messages[2][1]["data"]["image/svg+xml"])
        reply, messages = execute(self.client, "y = 1\nprint(y + nope)")
        self.assertEqual((reply["status"], reply["ename"], reply["evalue"]), ("error", "error", "unknown name 'nope'"))
        self.assertEqual(messages[0][0], "error")
        self.assertEqual(messages[0][1]["traceback"][1:], [" 2 | print(y + nope)", "   |           ^~~~"])
        self.assertRegex(messages[0][1]["traceback"][0], r"^In\[\d+\]:2:11: error: unknown name 'nope'$")

    def test_completion_and_inspection_come_from_the_builtin_registry(self):
        matches = self.client.complete("x = expl", 8, reply=True)["content"]
        self.assertEqual((matches["matches"], matches["cursor_start"], matches["cursor_end"]),
                         (["explain", "explain_prediction_keras"], 4, 8))
        labels = self.client.complete("explain(m, x, lay", 17, reply=True)["content"]
        self.assertEqual(labels["matches"], ["layer:", "layercam", "layers:"])
        # Code points, not bytes: "é" before the cursor must not shift the replacement range.
        accented = self.client.complete("s = \"é\"; expl", 13, reply=True)["content"]
        self.assertEqual(accented["cursor_start"], 9)
        inspected = self.client.inspect("explain(model, ", 15, reply=True)["content"]
        self.assertTrue(inspected["found"])
        self.assertTrue(inspected["data"]["text/plain"].startswith('explain(model, x, method: "gradcam", target: none'))
        self.assertFalse(self.client.inspect("qqq", 3, reply=True)["content"]["found"])

    def test_is_complete_drives_continuation_lines(self):
        def status(code):
            self.client.is_complete(code)
            return self.client.get_shell_msg(timeout=10)["content"]["status"]
        self.assertEqual([status("x = 1"), status("for i in 0..<3 {"), status("x = (1 +"), status("x = )")],
                         ["complete", "incomplete", "incomplete", "invalid"])


class Interrupts(unittest.TestCase):
    def test_interrupt_stops_a_loop_and_a_fit_and_keeps_the_session(self):
        manager, client = start()
        try:
            for code, said in [("n = 0\nwhile true { n = n + 1 }", None),
                               ("m = sequential([dense(64, activation: relu, input_shape: (256,)), dense(2, activation: softmax)])\n"
                                "m.compile()\nh = m.fit(ones(40000, 256), zeros(40000), epochs: 100, batch_size: 1)",
                                "Training interrupted in epoch 1")]:
                message_id = client.execute(code)
                time.sleep(1.5)
                started = time.monotonic()
                manager.interrupt_kernel()
                reply = client.get_shell_msg(timeout=30)
                while reply["parent_header"]["msg_id"] != message_id:  # the start-up kernel_info reply
                    reply = client.get_shell_msg(timeout=30)
                self.assertLess(time.monotonic() - started, 5)
                self.assertEqual((reply["content"]["status"], reply["content"].get("ename")), ("error", "interrupted"))
                # Wait for the kernel to go idle before the next cell, as a person would: ipykernel aborts execute
                # requests that reach it in the instant after an error reply (its stop_on_error), by design.
                texts = []
                while True:
                    message = client.get_iopub_msg(timeout=5)
                    if message["parent_header"].get("msg_id") != message_id:
                        continue
                    if message["msg_type"] in ("display_data", "update_display_data"):
                        texts.append(message["content"]["data"]["text/plain"])
                    if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                        break
                if said:
                    self.assertIn(said, texts[-1])
            reply, messages = execute(client, "print(n > 0, len(m.history.loss))")
            self.assertEqual(reply["status"], "ok")
            self.assertEqual(messages[0][1]["text"], "true 0\n")
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)


class Crashes(unittest.TestCase):
    def test_a_dead_camlab_process_is_a_dead_kernel_and_a_restart_is_a_fresh_session(self):
        manager, client = start()
        try:
            execute(client, "x = 1")
            kernel = manager.provisioner.process.pid
            def parent(pid):
                try:
                    with open(f"/proc/{pid}/stat") as stat:
                        return int(stat.read().rsplit(")", 1)[1].split()[1])
                except OSError:  # the process ended while we looked
                    return None
            camlab = [int(entry) for entry in os.listdir("/proc") if entry.isdigit() and parent(entry) == kernel]
            self.assertEqual(len(camlab), 1)
            os.kill(camlab[0], signal.SIGKILL)
            client.execute("print(x)")
            deadline = time.monotonic() + 20
            while manager.is_alive() and time.monotonic() < deadline:
                time.sleep(0.1)
            self.assertFalse(manager.is_alive(), "the kernel should die with its CamLab process")
            manager.restart_kernel(now=True)
            client.stop_channels()
            client = manager.client()
            client.start_channels()
            client.wait_for_ready(timeout=30)
            reply, messages = execute(client, "print(x)")
            self.assertEqual((reply["status"], reply["evalue"]), ("error", "unknown name 'x'"))
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)


class Overhead(unittest.TestCase):
    def test_prints_the_round_trip_per_cell(self):
        """A benchmark line, not a timed assertion: Scripts/bench-kernel measures a release build properly."""
        manager, client = start()
        try:
            times, inside = [], []
            for _ in range(60):
                started = time.perf_counter()
                reply = client.execute(code="x = 1", reply=True, timeout=30)
                times.append((time.perf_counter() - started) * 1000)
                inside.append(reply["metadata"]["camlab_kernel_seconds"] * 1000)
            print(f"\nCamLab kernel per cell (debug build, x = 1, 60 cells): median {statistics.median(inside):.2f} ms "
                  f"inside the kernel, {statistics.median(times):.2f} ms for the whole Jupyter round trip")
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)


if __name__ == "__main__":
    unittest.main()
