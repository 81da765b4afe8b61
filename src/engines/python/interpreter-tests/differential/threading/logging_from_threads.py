# threads log through one handler: every record arrives whole
import io
import logging
import threading

stream = io.StringIO()
handler = logging.StreamHandler(stream)
handler.setFormatter(logging.Formatter("%(threadName)s %(message)s"))
log = logging.getLogger("differential")
log.addHandler(handler)
log.setLevel(logging.INFO)


def work(n):
    for i in range(20):
        log.info("record %d-%d", n, i)


threads = [threading.Thread(target=work, args=(n,), name=f"w{n}") for n in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
lines = stream.getvalue().splitlines()
print(len(lines), sorted({line.split()[0] for line in lines}), all(line.count("record") == 1 for line in lines))
