# a pool worker runs time.sleep, which pickles by reference as time.sleep
import pickle
import time
from multiprocessing import Pool

if __name__ == "__main__":
    print(pickle.loads(pickle.dumps(time.sleep)) is time.sleep)
    with Pool(1) as p:
        print(p.apply_async(time.sleep, (0.1,)).get())
