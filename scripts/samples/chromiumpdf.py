"""Print HTML files to PDF with headless Chromium.

Printer keeps one headless Chromium running and drives it over the DevTools pipe
(--remote-debugging-pipe: JSON messages separated by NUL on fds 3 and 4): navigate to the file,
wait for the load event, Page.printToPDF. That is what `chromium --headless --print-to-pdf`
does inside (the same Skia PDF backend, CSS page size, backgrounds printed, no header or
footer), at about a tenth of the cost of starting a browser per file. print_cli() is the
one-process-per-file command, kept for checking that the two agree (scripts/sweep
--chromium-cli uses it for every file).
"""

import base64
import fcntl
import json
import os
import shutil
import subprocess
import tempfile

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--no-default-browser-check", "--disable-extensions", "--mute-audio",
         "--hide-scrollbars"]


def print_cli(html_path, pdf_path, env=None, timeout=120):
    profile = tempfile.mkdtemp(prefix="sweep-chromium-")
    try:
        cmd = [CHROMIUM] + FLAGS + [f"--user-data-dir={profile}", "--no-pdf-header-footer",
                                    f"--print-to-pdf={pdf_path}", os.path.abspath(html_path)]
        res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
        if not os.path.exists(pdf_path):
            raise RuntimeError(f"chromium did not write {pdf_path}: {res.stderr[-2000:]}")
    finally:
        shutil.rmtree(profile, ignore_errors=True)


class Printer:
    def __init__(self, env=None):
        self.profile = tempfile.mkdtemp(prefix="sweep-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # the child's ends above 9, so that neither is 3 or 4 itself
        to_child_r, from_child_w = [self._high(fd) for fd in (to_child_r, from_child_w)]
        # the browser reads commands on fd 3 and writes answers on fd 4: a shell puts the pipe
        # ends there (bash: dash takes no fd above 9; a preexec hook races with other threads)
        shell = f'exec "$@" 3<&{to_child_r} 4>&{from_child_w} {to_child_r}<&- {from_child_w}>&-'
        cmd = ["/bin/bash", "-c", shell, "bash", CHROMIUM] + FLAGS + [
            f"--user-data-dir={self.profile}", "--remote-debugging-pipe", "about:blank"]
        self.proc = subprocess.Popen(cmd, env=env, pass_fds=(to_child_r, from_child_w),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._id = 0
        self._events = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]
        self.call("Page.enable", session=True)

    @staticmethod
    def _high(fd):
        new = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(fd)
        return new

    # -- protocol

    def _send(self, msg):
        data = json.dumps(msg).encode() + b"\0"
        while data:
            n = os.write(self._to_child, data)
            data = data[n:]

    def _recv(self):
        while b"\0" not in self._buf:
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, session=False, **params):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        self._send(msg)
        while True:
            m = self._recv()
            if m.get("id") == self._id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            if "method" in m:
                self._events.append(m)

    def _wait_event(self, name):
        while True:
            for i, e in enumerate(self._events):
                if e.get("method") == name:
                    del self._events[i]
                    return e
            m = self._recv()
            if "method" in m:
                self._events.append(m)

    # -- printing

    def print(self, html_path, pdf_path):
        self._events.clear()
        url = "file://" + os.path.abspath(html_path)
        self.call("Page.navigate", session=True, url=url)
        self._wait_event("Page.loadEventFired")
        res = self.call("Page.printToPDF", session=True, printBackground=True,
                        preferCSSPageSize=True, displayHeaderFooter=False,
                        generateTaggedPDF=True)
        with open(pdf_path, "wb") as f:
            f.write(base64.b64decode(res["data"]))

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_child)
        os.close(self._from_child)
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
