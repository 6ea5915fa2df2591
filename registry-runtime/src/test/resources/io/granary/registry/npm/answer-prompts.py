"""Runs a command on a pseudo-terminal and answers its prompts, for CLIs that only prompt on a TTY
(npm login --auth-type=legacy). Prompts and answers come from the environment, one per line, so no
secret appears in a command line; answers never reach this script's output. Bounded in time."""
import os
import pty
import select
import sys
import time

prompts = [p.encode() for p in os.environ["PTY_PROMPTS"].split("\n")]
answers = os.environ["PTY_ANSWERS"].split("\n")
hidden = [a.encode() for a in answers if a]
deadline = time.monotonic() + float(os.environ.get("PTY_TIMEOUT_SECONDS", "120"))

pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])

seen = b""
status = None
while time.monotonic() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.5)
    if ready:
        try:
            data = os.read(fd, 4096)
        except OSError:
            data = b""
        if data:
            seen += data
            shown = data
            for answer in hidden:
                shown = shown.replace(answer, b"<answer>")
            sys.stdout.buffer.write(shown)
            sys.stdout.flush()
            if prompts and prompts[0] in seen:
                seen = seen.split(prompts.pop(0), 1)[1]
                os.write(fd, (answers.pop(0) + "\r").encode())
            continue
    done, code = os.waitpid(pid, os.WNOHANG)
    if done:
        status = code
        break
if status is None:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    print("\nanswer-prompts: timed out", file=sys.stderr)
    sys.exit(124)
sys.exit(os.waitstatus_to_exitcode(status))
