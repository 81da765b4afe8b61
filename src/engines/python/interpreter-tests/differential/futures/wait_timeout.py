# wait with a timeout returns the unfinished futures; FIRST_EXCEPTION returns at the first failure
import threading
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

release = threading.Event()


def fail():
    raise RuntimeError("first failure")


with ThreadPoolExecutor(3) as pool:
    blocked = pool.submit(release.wait)
    done, not_done = wait([blocked], timeout=0.05)
    print(len(done), len(not_done))
    failing = pool.submit(fail)
    done, not_done = wait([blocked, failing], return_when=FIRST_EXCEPTION)
    print(failing in done, blocked in not_done)
    release.set()
