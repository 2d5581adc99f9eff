/// The Python side of CamLab's Jupyter kernel, which `camlab kernel install` writes into the kernel spec's
/// folder. ipykernel speaks Jupyter's protocol (ZeroMQ sockets, message signing, heartbeat, the control channel);
/// this file only relays between it and `camlab kernel serve`.
enum WrapperKernel {
    static let fileName = "camlab_kernel.py"

    static let source = #"""
"""CamLab's Jupyter kernel: a thin ipykernel wrapper around `camlab kernel serve`.

Written by `camlab kernel install`; do not edit (reinstalling replaces it). ipykernel handles Jupyter's wire
protocol. Each request goes to the CamLab process as one JSON line on its standard input; each typed event it
sends back (one JSON line on its standard output, already shaped as a Jupyter message) is relayed as it is.
Interrupts are forwarded as SIGINT; if the CamLab process dies, this kernel dies with it, so the front end shows
a dead kernel and a restart gives a fresh session.
"""
import json
import os
import signal
import subprocess
import sys
import time

from ipykernel.kernelbase import Kernel

CAMLAB = os.environ.get("CAMLAB_EXECUTABLE") or "camlab"


class CamLabKernel(Kernel):
    implementation = "camlab"
    implementation_version = "unknown"
    language = "camlab"
    language_version = "unknown"
    language_info = {"name": "camlab", "file_extension": ".dsl", "mimetype": "text/x-camlab",
                     "pygments_lexer": "python", "codemirror_mode": "python"}
    banner = "CamLab"
    help_links = []

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Its own session, so the SIGINT Jupyter sends to this kernel's process group reaches CamLab only once,
        # through _interrupt.
        self._camlab = subprocess.Popen([CAMLAB, "kernel", "serve"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, start_new_session=True)
        hello = self._read()
        if hello is None or hello.get("type") != "hello":
            self._died("CamLab did not start")
        self.implementation_version = hello["version"]
        self.language_version = hello["version"]
        self.language_info = hello["language_info"]
        self.banner = hello["banner"]

    # The channel

    def _send(self, request):
        try:
            self._camlab.stdin.write(json.dumps(request).encode() + b"\n")
            self._camlab.stdin.flush()
        except (BrokenPipeError, OSError):
            self._died("CamLab stopped")

    def _read(self):
        line = self._camlab.stdout.readline()
        return json.loads(line) if line else None

    def _request(self, request):
        self._send(request)
        while True:
            try:
                reply = self._read()
                break
            except KeyboardInterrupt:
                continue
        if reply is None:
            self._died("CamLab stopped")
        return reply

    def _interrupt(self):
        try:
            os.kill(self._camlab.pid, signal.SIGINT)
        except ProcessLookupError:
            pass

    def _died(self, what):
        status = self._camlab.poll()
        if status is None:
            self._camlab.kill()
            status = self._camlab.wait()
        how = f"killed by signal {-status}" if status < 0 else f"exit status {status}"
        sys.__stderr__.write(f"camlab kernel: {what} ({how}); the kernel ends so Jupyter can restart it\n")
        sys.__stderr__.flush()
        time.sleep(0.2)
        os._exit(1)

    # Jupyter's requests

    async def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False,
                         **kwargs):
        started = time.perf_counter()
        self._send({"type": "execute", "code": code, "name": f"In[{self.execution_count}]"})
        while True:
            try:
                event = self._read()
                if event is None:
                    self._died("CamLab stopped while running a cell")
                kind = event.pop("type")
                if kind == "done":
                    break
                if not silent:
                    self._relay(kind, event)
            except KeyboardInterrupt:
                self._interrupt()
        self._execute_seconds = time.perf_counter() - started
        if event["status"] == "ok":
            return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}
        return {"status": "error", "execution_count": self.execution_count, "ename": event.get("ename", "error"),
                "evalue": event.get("evalue", ""), "traceback": event.get("traceback", [])}

    def finish_metadata(self, parent, metadata, reply_content):
        # The time this kernel spent on the cell (relay and CamLab), for Scripts/bench-kernel.
        metadata = super().finish_metadata(parent, metadata, reply_content)
        metadata["camlab_kernel_seconds"] = getattr(self, "_execute_seconds", None)
        return metadata

    def _relay(self, kind, event):
        if kind == "stream":
            self.send_response(self.iopub_socket, "stream", event)
        elif kind == "display":
            content = {"data": event["data"], "metadata": {}, "transient": {}}
            if "display_id" in event:
                content["transient"]["display_id"] = event["display_id"]
            self.send_response(self.iopub_socket, "update_display_data" if event.get("update") else "display_data",
                               content)
        elif kind == "result":
            self.send_response(self.iopub_socket, "execute_result",
                               {"data": event["data"], "metadata": {}, "execution_count": self.execution_count})
        elif kind == "error":
            self.send_response(self.iopub_socket, "error", event)

    async def do_complete(self, code, cursor_pos):
        reply = self._request({"type": "complete", "code": code, "cursor": cursor_pos})
        return {"status": "ok", "matches": reply["matches"], "cursor_start": reply["cursor_start"],
                "cursor_end": reply["cursor_end"], "metadata": {}}

    async def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        reply = self._request({"type": "inspect", "code": code, "cursor": cursor_pos})
        data = {"text/plain": reply["text"]} if reply["found"] else {}
        return {"status": "ok", "found": reply["found"], "data": data, "metadata": {}}

    async def do_is_complete(self, code):
        reply = self._request({"type": "is_complete", "code": code})
        return {"status": reply["status"], "indent": reply["indent"]}

    async def do_shutdown(self, restart):
        try:
            self._camlab.stdin.close()
            self._camlab.wait(timeout=2)
        except Exception:
            self._camlab.kill()
        return {"status": "ok", "restart": restart}


if __name__ == "__main__":
    from ipykernel.kernelapp import IPKernelApp
    IPKernelApp.launch_instance(kernel_class=CamLabKernel)
"""#
}
