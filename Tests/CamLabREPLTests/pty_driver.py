#!/usr/bin/env python3
"""Drives a program through a pseudo-terminal, like a person at the keyboard (stdlib only).

usage: pty_driver.py STEPS_JSON PROGRAM [ARGS...]
STEPS_JSON is a list of steps: ["send", text] types text ("\\r" is Enter, "\\x03" Ctrl-C, "\\x04" Ctrl-D,
"\\t" Tab, "\\x1b[A" Up); ["kill", signal] sends the program a signal; ["paste", text] writes text at once, as a paste; ["expect", regex] waits (5 s at
most, or ["expect", regex, seconds]) until the output since the last match contains regex; ["sleep", seconds]. Afterwards the program must exit; its status is printed last as
"EXIT <status>". Prints the whole transcript; exits 1 if an expectation times out.
"""
import json, os, pty, re, select, sys, time

steps = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm"
    os.execvp(sys.argv[2], sys.argv[2:])

transcript = b""
unmatched = b""

def read_some(timeout):
    global transcript, unmatched
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return False
    try:
        data = os.read(fd, 65536)
    except OSError:
        return None
    if not data:
        return None
    transcript += data
    unmatched += data
    return True

failed = None
for step in steps:
    kind, arg = step[0], step[1]
    if kind == "send":
        for ch in arg:  # type one key at a time, as a person does
            os.write(fd, ch.encode())
            time.sleep(0.01)
    elif kind == "paste":
        # As a terminal pastes: wrapped in bracketed-paste marks when the program asked for them (readline
        # then inserts the text at once instead of redrawing the line per character); Enter stays a key.
        enter = arg.endswith("\r")
        text = arg[:-1] if enter else arg
        data = text.encode()
        if b"\x1b[?2004h" in transcript:
            data = b"\x1b[200~" + data + b"\x1b[201~"
        while data:  # the terminal takes a paste in pieces; keep reading so neither side blocks
            written = os.write(fd, data[:1024])
            data = data[written:]
            read_some(0)
        if enter:
            os.write(fd, b"\r")
    elif kind == "kill":
        os.kill(pid, arg)
    elif kind == "sleep":
        deadline = time.time() + arg
        while time.time() < deadline:
            read_some(max(0.0, deadline - time.time()))
    elif kind == "expect":
        pattern = re.compile(arg.encode(), re.S)
        deadline = time.time() + (step[2] if len(step) > 2 else 5)
        while not pattern.search(unmatched):
            if time.time() > deadline or read_some(deadline - time.time()) is None:
                failed = arg
                break
        if failed:
            break
        unmatched = unmatched[pattern.search(unmatched).end():]

deadline = time.time() + 5
status = None
while time.time() < deadline:
    done, raw = os.waitpid(pid, os.WNOHANG)
    if done:
        status = os.waitstatus_to_exitcode(raw)
        break
    read_some(0.05)
if status is None:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
sys.stdout.write(transcript.decode("utf-8", "replace"))
sys.stdout.write("\nEXIT %s\n" % status)
if failed:
    sys.stdout.write("TIMEOUT waiting for %r\n" % failed)
    sys.exit(1)
