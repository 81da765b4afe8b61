# leaving the with block waits for every submitted call
import time
from concurrent.futures import ThreadPoolExecutor

done = []
with ThreadPoolExecutor(3) as pool:
    for n in range(6):
        pool.submit(lambda n=n: (time.sleep(0.01), done.append(n)))
print(sorted(done))
